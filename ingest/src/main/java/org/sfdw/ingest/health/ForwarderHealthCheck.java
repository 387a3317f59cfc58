package org.sfdw.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import org.sfdw.spool.forward.Forwarder;

/** Unhealthy while requests wait because no writer is connected. */
public class ForwarderHealthCheck extends HealthCheck {

    private final Forwarder forwarder;

    public ForwarderHealthCheck(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    protected Result check() {
        if (forwarder.isWaitingForWriter()) {
            return Result.unhealthy("requests are waiting in the spool: no writer is connected");
        }
        return Result.healthy(forwarder.forwardedCount() + " requests forwarded since start");
    }
}
