package org.sfdw.spool;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A range of spooled requests, inclusive, from operators' words: each end is a request id ({@code 42}) or a time
 * ({@code 2026-11-24}, {@code 2026-11-24T10:00}, {@code 2026-11-24T10:00:00+01:00}; without an offset in the
 * given zone), meaning the requests spooled at or after (from) / at or before (to) it.
 */
public record SpoolRange(long fromId, long toId) {

    /**
     * @param from  null for the first request
     * @param to    null for the last request
     * @throws IllegalArgumentException saying which end is wrong and why
     */
    public static SpoolRange parse(String from, String to, Spool spool, ZoneId zone) {
        boolean hasFrom = from != null && !from.isBlank();
        boolean hasTo = to != null && !to.isBlank();
        long first = hasFrom ? fromId(from.strip(), spool, zone) : spool.firstId();
        long last = hasTo ? toId(to.strip(), spool, zone) : spool.lastId();
        if (hasFrom && hasTo && isId(from.strip()) == isId(to.strip())) {
            boolean backwards = isId(from.strip()) ? first > last
                    : millis(from.strip(), zone, "from") > millis(to.strip(), zone, "to");
            if (backwards) {
                throw new IllegalArgumentException("range from " + from + " to " + to + " is backwards");
            }
        }
        return new SpoolRange(first, last);
    }

    public boolean isEmpty() {
        return fromId > toId;
    }

    public long size() {
        return isEmpty() ? 0 : toId - fromId + 1;
    }

    private static long fromId(String text, Spool spool, ZoneId zone) {
        return isId(text) ? id(text, "from") : spool.firstIdSpooledAtOrAfter(millis(text, zone, "from"));
    }

    private static long toId(String text, Spool spool, ZoneId zone) {
        if (isId(text)) {
            return id(text, "to");
        }
        // A bare date as the end means the whole day.
        long end = text.length() == 10 ? millis(text, zone, "to") + 86_400_000L - 1 : millis(text, zone, "to");
        return spool.firstIdSpooledAtOrAfter(end + 1) - 1;
    }

    private static boolean isId(String text) {
        return text.chars().allMatch(Character::isDigit) && !text.isEmpty();
    }

    private static long id(String text, String end) {
        try {
            long id = Long.parseLong(text);
            if (id < 1) {
                throw new IllegalArgumentException("'" + end + "' request id must be 1 or more, not " + text);
            }
            return id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + end + "' request id " + text + " is too large", e);
        }
    }

    private static long millis(String text, ZoneId zone, String end) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant().toEpochMilli();
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(text).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + end + "' is neither a request id nor a time like "
                    + "2026-11-24T10:00:00 (optionally with +01:00): '" + text + "'", e);
        }
    }

    /** When a spooled request was spooled, as the audit line's local time. */
    public static LocalDateTime localTime(long spooledAtMillis, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(spooledAtMillis), zone);
    }
}
