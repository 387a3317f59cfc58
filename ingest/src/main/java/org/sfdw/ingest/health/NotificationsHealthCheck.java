package org.sfdw.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import org.sfdw.ingest.notify.Notifier;

import java.time.Duration;

/**
 * Unhealthy while a notification has failed and was not sent again, or while the target has not taken the oldest
 * one for longer than {@code patience}: the EPICS writer is then missing acquisitions, or will be.
 */
public final class NotificationsHealthCheck extends HealthCheck {

    private final Notifier notifier;
    private final Duration patience;

    public NotificationsHealthCheck(Notifier notifier, Duration patience) {
        this.notifier = notifier;
        this.patience = patience;
    }

    @Override
    protected Result check() {
        long unresolved = notifier.unresolvedCount();
        if (unresolved > 0) {
            return Result.unhealthy(unresolved + " " + notifier.target() + " notification(s) failed or were refused"
                    + " (GET /requests/<id> shows which); send them again with POST /tasks/notifications-resend"
                    + "?from=<id>&to=<id> on the admin port");
        }
        Duration retrying = notifier.retrying();
        if (retrying.compareTo(patience) > 0) {
            return Result.unhealthy("the " + notifier.target() + " has not taken a notification for "
                    + retrying.toSeconds() + " s; the later ones wait (nothing is lost)");
        }
        return Result.healthy("every " + notifier.target() + " notification due was delivered or is on its way");
    }
}
