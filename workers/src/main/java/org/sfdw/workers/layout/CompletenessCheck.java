package org.sfdw.workers.layout;

import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.query.PulseRange;

import java.util.Arrays;
import java.util.Optional;

/**
 * Judges one channel's pulses against the requested range. The channel's rate is inferred from its data (the
 * greatest common step between its pulse ids), so a 25 Hz channel is complete with every fourth pulse.
 */
final class CompletenessCheck {

    private CompletenessCheck() {
    }

    /** @param pulseIds in arrival order */
    static ChannelReport of(String channel, long[] pulseIds, Optional<PulseRange> range) {
        long nonMonotonic = 0;
        long outside = 0;
        for (int i = 0; i < pulseIds.length; i++) {
            if (i > 0 && pulseIds[i] < pulseIds[i - 1]) {
                nonMonotonic++;
            }
            if (range.isPresent() && !range.get().contains(pulseIds[i])) {
                outside++;
            }
        }
        long[] distinct = PulseIds.sortedDistinct(pulseIds);
        long duplicates = pulseIds.length - distinct.length;
        long step = 0;
        for (int i = 1; i < distinct.length; i++) {
            step = gcd(step, distinct[i] - distinct[i - 1]);
        }
        long present = range.isEmpty() ? distinct.length
                : Arrays.stream(distinct).filter(p -> range.get().contains(p)).count();
        long gridStep = step;
        long expected = range.map(r -> expectedPulses(r, distinct, gridStep)).orElse(-1L);
        long first = distinct.length == 0 ? -1 : distinct[0];
        long last = distinct.length == 0 ? -1 : distinct[distinct.length - 1];
        return new ChannelReport(channel, expected, present, first, last, step, duplicates, nonMonotonic, outside);
    }

    /** Pulses of the range on the channel's grid (its first pulse id plus multiples of its step). */
    private static long expectedPulses(PulseRange range, long[] distinct, long step) {
        if (distinct.length < 2) {
            return range.length();
        }
        long phase = Math.floorMod(distinct[0], step);
        long firstOnGrid = range.start() + Math.floorMod(phase - range.start(), step);
        return firstOnGrid > range.end() ? 0 : (range.end() - firstOnGrid) / step + 1;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return Math.abs(a);
    }
}
