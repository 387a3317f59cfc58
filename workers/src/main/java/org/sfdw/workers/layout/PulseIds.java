package org.sfdw.workers.layout;

import java.util.Arrays;

/** Pulse-id arrays as the layout and the report need them. (LongStream.distinct boxes every id: not for 10^6.) */
final class PulseIds {

    private PulseIds() {
    }

    /** The ids sorted ascending, each once. */
    static long[] sortedDistinct(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        int kept = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (kept == 0 || sorted[i] != sorted[kept - 1]) {
                sorted[kept++] = sorted[i];
            }
        }
        return kept == sorted.length ? sorted : Arrays.copyOf(sorted, kept);
    }
}
