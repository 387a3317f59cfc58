package org.sfdw.ingest.core;

import io.dropwizard.lifecycle.Managed;
import org.sfdw.ingest.delivery.DeliveryTracking;
import org.sfdw.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every hour, seals the spool's and the outcome journal's daily files that closed (a new day began) and check out,
 * so that a broker start, however long the broker ran, reads only the files written since the last seal.
 */
public final class DailyFileSealing implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(DailyFileSealing.class);

    private final Spool spool;
    private final Optional<DeliveryTracking> delivery;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "daily-file-sealing");
        t.setDaemon(true);
        return t;
    });

    public DailyFileSealing(Spool spool, Optional<DeliveryTracking> delivery) {
        this.spool = spool;
        this.delivery = delivery;
    }

    @Override
    public void start() {
        timer.scheduleWithFixedDelay(this::seal, 5, 60, TimeUnit.MINUTES);
    }

    private void seal() {
        try {
            int sealed = spool.sealClosedFiles();
            delivery.ifPresent(DeliveryTracking::sealClosedFiles);
            if (sealed > 0) {
                LOG.info("Sealed {} closed daily spool files: the next start does not read them again", sealed);
            }
        } catch (RuntimeException e) {
            LOG.error("Sealing closed daily files failed ({}); the next start reads them instead, nothing is lost",
                    e.toString());
        }
    }

    @Override
    public void stop() {
        timer.shutdownNow();
    }
}
