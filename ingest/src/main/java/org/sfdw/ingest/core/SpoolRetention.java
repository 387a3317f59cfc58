package org.sfdw.ingest.core;

import io.dropwizard.lifecycle.Managed;
import org.sfdw.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/** Every hour, deletes the spool's daily files that are past retention and whose requests are all settled. */
public final class SpoolRetention implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolRetention.class);

    private final Spool spool;
    private final Duration retention;
    private final LongPredicate settled;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spool-retention");
        t.setDaemon(true);
        return t;
    });

    /** @param settled whether a request needs nothing more (has a final outcome, or needs no delivery) */
    public SpoolRetention(Spool spool, Duration retention, LongPredicate settled, Clock clock) {
        this.spool = spool;
        this.retention = retention;
        this.settled = settled;
        this.clock = clock;
    }

    @Override
    public void start() {
        LOG.info("Spool retention {}: older daily files go once all their requests are settled", retention);
        timer.scheduleWithFixedDelay(this::sweep, 1, 60, TimeUnit.MINUTES);
    }

    private void sweep() {
        try {
            var deleted = spool.deleteSettledDaysBefore(clock.millis() - retention.toMillis(), settled);
            if (!deleted.isEmpty()) {
                LOG.info("Retention removed {} settled requests older than {}", deleted.size(), retention);
            }
        } catch (RuntimeException e) {
            LOG.error("Spool retention failed; it tries again in an hour", e);
        }
    }

    @Override
    public void stop() {
        timer.shutdownNow();
    }
}
