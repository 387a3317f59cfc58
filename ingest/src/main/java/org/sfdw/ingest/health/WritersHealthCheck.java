package org.sfdw.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import org.sfdw.spool.outcome.WriterRoster;

import java.time.Clock;
import java.util.List;

/** Unhealthy when no writer has been heard from within the heartbeat timeout: an acquisition now would wait. */
public class WritersHealthCheck extends HealthCheck {

    private final WriterRoster roster;
    private final Clock clock;

    public WritersHealthCheck(WriterRoster roster, Clock clock) {
        this.roster = roster;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        List<String> writers = roster.connected(clock.millis());
        if (writers.isEmpty()) {
            return Result.unhealthy("no writer has been heard from in the last " + roster.timeout().toSeconds()
                    + " s: requests will wait in the spool until one connects (start sfdw-writer@1)");
        }
        return Result.healthy(writers.size() + " writer(s) connected: " + String.join(", ", writers));
    }
}
