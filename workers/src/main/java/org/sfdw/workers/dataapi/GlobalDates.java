package org.sfdw.workers.dataapi;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Global times (ns since the epoch, as rawevent carries them) as the data api prints {@code globalDate} in JSON:
 * ISO-8601 with 9 fractional digits and the server zone's offset, e.g. {@code 2018-06-08T14:04:51.551143344+02:00}
 * (data-api.md §3.3), so a file is the same whichever format the answer came in. At 100 Hz a hundred events share
 * a second: the text up to the seconds is formatted once per second. A rawevent row gives every channel the same
 * time, so the last text is kept too: a hundred channels share one string.
 */
public final class GlobalDates {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("XXX");

    private final ZoneId zone;
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix;
    private String cachedOffset;
    private long lastNanos = Long.MIN_VALUE;
    private String lastText;

    public GlobalDates(ZoneId zone) {
        this.zone = zone;
    }

    public String format(long nanosSinceEpoch) {
        if (nanosSinceEpoch == lastNanos) {
            return lastText;
        }
        long second = Math.floorDiv(nanosSinceEpoch, 1_000_000_000L);
        int nanos = (int) Math.floorMod(nanosSinceEpoch, 1_000_000_000L);
        if (second != cachedSecond) {
            var time = Instant.ofEpochSecond(second).atZone(zone);
            cachedPrefix = SECONDS.format(time) + ".";
            cachedOffset = OFFSET.format(time);
            cachedSecond = second;
        }
        String digits = Integer.toString(nanos);
        lastText = cachedPrefix + "000000000".substring(digits.length()) + digits + cachedOffset;
        lastNanos = nanosSinceEpoch;
        return lastText;
    }
}
