package org.sfdw.workers.layout;

import java.util.Arrays;

/** Pulse-id arrays as the layout and the report need them. (LongStream.distinct boxes every id: not for 10^6.) */
final class PulseIds {

    private PulseIds() {
    }

    /** The ids sorted ascending, each once. */
    static long[] sortedDistinct(long[] ids) {
        if (strictlyIncreasing(ids)) {
            return ids.clone();
        }
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

    static boolean strictlyIncreasing(long[] ids) {
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] <= ids[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The union of two strictly increasing arrays, strictly increasing: one merge walk, as every channel of the
     * usual answer has its pulses in order (and most have the same ones, which costs one comparison per id).
     */
    static long[] mergeIncreasing(long[] a, long[] b) {
        if (Arrays.equals(a, b)) {
            return a;
        }
        long[] union = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            long x = a[i];
            long y = b[j];
            if (x <= y) {
                i++;
                j += x == y ? 1 : 0;
                union[n++] = x;
            } else {
                j++;
                union[n++] = y;
            }
        }
        while (i < a.length) {
            union[n++] = a[i++];
        }
        while (j < b.length) {
            union[n++] = b[j++];
        }
        return Arrays.copyOf(union, n);
    }
}
