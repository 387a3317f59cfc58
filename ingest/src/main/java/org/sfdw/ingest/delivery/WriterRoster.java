package org.sfdw.ingest.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writers the broker has heard from recently: every writer sends a presence heartbeat each heartbeat interval,
 * busy or idle, so "no writer connected" is known before an acquisition needs one, not after.
 */
public final class WriterRoster {

    private final long timeoutMillis;
    private final Map<String, Long> lastHeard = new HashMap<>();

    /** @param timeout how long a writer may stay silent before it no longer counts as connected */
    public WriterRoster(Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
    }

    public synchronized void heard(String writer, long nowMillis) {
        lastHeard.put(writer, nowMillis);
    }

    /** Writers heard from within the timeout, by name; forgets the others. */
    public synchronized List<String> connected(long nowMillis) {
        lastHeard.values().removeIf(heard -> nowMillis - heard > timeoutMillis);
        return lastHeard.keySet().stream().sorted().toList();
    }

    public Duration timeout() {
        return Duration.ofMillis(timeoutMillis);
    }
}
