package org.sfdw.workers.health;

import com.codahale.metrics.health.HealthCheck;
import org.sfdw.workers.core.RequestReceiver;

/** Unhealthy when the thread that pulls and writes requests has died. */
public class ReceiverHealthCheck extends HealthCheck {

    private final RequestReceiver receiver;

    public ReceiverHealthCheck(RequestReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    protected Result check() {
        return receiver.isRunning() ? Result.healthy("pulling write requests")
                : Result.unhealthy("the request receiver is not running: this writer takes no requests (see its log)");
    }
}
