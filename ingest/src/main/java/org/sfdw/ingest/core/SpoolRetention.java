package org.sfdw.ingest.core;

import io.dropwizard.lifecycle.Managed;
import org.sfdw.ingest.delivery.DeliveryTracking;
import org.sfdw.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Every hour, deletes the spool's daily files that are past retention and whose requests are all settled, then
 * the outcomes kept about requests no longer in the spool (the same rule, settled days only, for both).
 */
public final class SpoolRetention implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolRetention.class);

    private final Spool spool;
    private final Duration retention;
    private final LongPredicate settled;
    private final Optional<DeliveryTracking> delivery;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spool-retention");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param settled  whether a request needs nothing more (has a final outcome, or needs no delivery)
     * @param delivery the outcomes kept beside the spool, which go with their requests
     */
    public SpoolRetention(Spool spool, Duration retention, LongPredicate settled, Optional<DeliveryTracking> delivery,
                          Clock clock) {
        this.spool = spool;
        this.delivery = delivery;
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
            long cutoff = clock.millis() - retention.toMillis();
            var deleted = spool.deleteSettledDaysBefore(cutoff, settled);
            if (!deleted.isEmpty()) {
                LOG.info("Retention removed {} settled requests older than {}", deleted.size(), retention);
            }
            // The spool's oldest request after the sweep; an emptied spool keeps its last id as the bound.
            long firstHeld = spool.firstId() > 0 ? spool.firstId() : spool.lastId() + 1;
            delivery.ifPresent(d -> d.dropBefore(cutoff, firstHeld));
        } catch (RuntimeException e) {
            LOG.error("Spool retention failed; it tries again in an hour", e);
        }
    }

    @Override
    public void stop() {
        timer.shutdownNow();
    }
}
