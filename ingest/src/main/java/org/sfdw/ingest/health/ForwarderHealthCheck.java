package org.sfdw.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import org.sfdw.spool.forward.Forwarder;

/** Unhealthy when the forwarder stopped, or while requests wait because no writer is connected. */
public class ForwarderHealthCheck extends HealthCheck {

    private final Forwarder forwarder;

    public ForwarderHealthCheck(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    protected Result check() {
        if (!forwarder.isRunning()) {
            return Result.unhealthy("the forwarder is not running: spooled requests are not sent (see the broker log)");
        }
        if (forwarder.failingWith().isPresent()) {
            return Result.unhealthy("forwarding fails: " + forwarder.failingWith().get());
        }
        if (forwarder.isWaitingForWriter()) {
            return Result.unhealthy("requests are waiting in the spool: no writer is connected");
        }
        return Result.healthy(forwarder.forwardedCount() + " requests forwarded since start");
    }
}
