package org.sfdw.ops.sim.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The simulator's values: a pure function of channel name, pulse id and element index, so that a test can compute
 * what a file must hold. Each type gets values that are exact in JSON and in its own width.
 */
public final class SimulatedValues {

    /** A real SwissFEL pulse and its global time (from the recorded sample), to anchor globalDate at 100 Hz. */
    private static final long ANCHOR_PULSE = 5721143344L;
    private static final Instant ANCHOR_TIME = Instant.parse("2018-06-08T12:04:51.551143344Z");
    private static final Duration PULSE_PERIOD = Duration.ofMillis(10);
    private static final DateTimeFormatter GLOBAL_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneId.of("Europe/Zurich"));

    private SimulatedValues() {
    }

    private static long base(String channel, long pulseId, int element) {
        return Math.floorMod(channel.hashCode(), 1000) + Math.floorMod(pulseId, 100_000) * 7 + element * 3L;
    }

    /** Integer types, as the stored bits (uint64 values use the full unsigned range, beyond 2^63). */
    public static long integer(String type, String channel, long pulseId, int element) {
        long b = base(channel, pulseId, element);
        return switch (type) {
            case "int8" -> (byte) b;
            case "uint8" -> b & 0xff;
            case "int16" -> (short) b;
            case "uint16" -> b & 0xffff;
            case "int32" -> (int) (b * 1001) - 1_000_000;
            case "uint32" -> (b * 40_009) & 0xffffffffL;
            case "int64" -> -b * 1_000_000_007L;
            case "uint64" -> -1L - b;
            default -> throw new IllegalArgumentException("not an integer type: " + type);
        };
    }

    public static double real(String type, String channel, long pulseId, int element) {
        long b = base(channel, pulseId, element);
        return switch (type) {
            case "float32" -> b * 0.25f - 1000f;
            case "float64" -> b / 8.0 - 12345.0;
            default -> throw new IllegalArgumentException("not a float type: " + type);
        };
    }

    public static boolean bool(String channel, long pulseId, int element) {
        return base(channel, pulseId, element) % 3 == 0;
    }

    public static String text(String channel, long pulseId, int element) {
        return channel + "@" + pulseId + (element == 0 ? "" : "#" + element);
    }

    /** The pulse's global time as the data api's {@code globalSeconds}: {@code "<seconds>.<9 digits>"}. */
    public static String globalSeconds(long pulseId) {
        java.math.BigDecimal nanos = java.math.BigDecimal.valueOf(nanosOf(pulseId));
        return nanos.movePointLeft(9).setScale(9, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    /** The pulse's global time in ns since the epoch, as rawevent carries it. */
    public static long globalNanos(long pulseId) {
        return nanosOf(pulseId);
    }

    private static long nanosOf(long pulseId) {
        return ANCHOR_TIME.getEpochSecond() * 1_000_000_000L + ANCHOR_TIME.getNano()
                + (pulseId - ANCHOR_PULSE) * PULSE_PERIOD.toNanos();
    }

    /**
     * The first (or, with {@code last}, the final) pulse whose time lies inside a seconds boundary.
     *
     * @param inclusive whether a pulse exactly at {@code seconds} counts
     */
    public static long pulseAt(java.math.BigDecimal seconds, boolean last, boolean inclusive) {
        java.math.BigDecimal pulses = seconds.movePointRight(9).subtract(java.math.BigDecimal.valueOf(nanosOf(ANCHOR_PULSE)))
                .divide(java.math.BigDecimal.valueOf(PULSE_PERIOD.toNanos()));
        boolean exact = pulses.stripTrailingZeros().scale() <= 0;
        long rounded = pulses.setScale(0, last ? java.math.RoundingMode.FLOOR : java.math.RoundingMode.CEILING)
                .longValueExact();
        if (exact && !inclusive) {
            rounded += last ? -1 : 1;
        }
        return ANCHOR_PULSE + rounded;
    }

    /** The pulse's global time at 100 Hz, as the data api prints it: 9 fractional digits, Zurich offset. */
    public static String globalDate(long pulseId) {
        return GLOBAL_DATE.format(ANCHOR_TIME.plus(PULSE_PERIOD.multipliedBy(pulseId - ANCHOR_PULSE)));
    }
}
