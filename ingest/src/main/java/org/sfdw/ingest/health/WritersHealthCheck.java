package org.sfdw.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import org.sfdw.ingest.delivery.WriterRoster;

import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Unhealthy when no writer has been heard from within the heartbeat timeout: an acquisition now would wait. */
public class WritersHealthCheck extends HealthCheck {

    private final WriterRoster roster;
    private final Clock clock;
    private final BooleanSupplier silentWriters;

    /** @param silentWriters true while writers take requests but none reports (original writers) */
    public WritersHealthCheck(WriterRoster roster, Clock clock, BooleanSupplier silentWriters) {
        this.roster = roster;
        this.clock = clock;
        this.silentWriters = silentWriters;
    }

    @Override
    protected Result check() {
        List<String> writers = roster.connected(clock.millis());
        if (writers.isEmpty() && silentWriters.getAsBoolean()) {
            return Result.unhealthy("writers take requests but none reports anything: they look like the original "
                    + "Python writers, which cannot acknowledge; set delivery.acknowledgements: false for them, or "
                    + "every request is sent again and marked failed");
        }
        if (writers.isEmpty()) {
            return Result.unhealthy("no writer has been heard from in the last " + roster.timeout().toSeconds()
                    + " s: requests will wait in the spool until one connects (start sfdw-writer@1)");
        }
        return Result.healthy(writers.size() + " writer(s) connected: " + String.join(", ", writers));
    }
}
