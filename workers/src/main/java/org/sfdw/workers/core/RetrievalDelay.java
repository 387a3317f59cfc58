package org.sfdw.workers.core;

import java.time.Duration;

/**
 * How long to wait before querying, as the original: until {@code delay} has passed since the request was made,
 * never longer than {@code delay} itself and never negative. A timestamp in the future (a clock ahead on the
 * broker's machine) or not a number waits the whole delay; one far in the past waits nothing.
 */
record RetrievalDelay(Duration delay) {

    Duration before(double requestTimestampSeconds, long nowMillis) {
        if (!Double.isFinite(requestTimestampSeconds)) {
            return delay;
        }
        double ageMillis = nowMillis - requestTimestampSeconds * 1000.0;
        double waitMillis = Math.min(delay.toMillis(), delay.toMillis() - ageMillis);
        return waitMillis > 0 ? Duration.ofMillis((long) waitMillis) : Duration.ZERO;
    }
}
