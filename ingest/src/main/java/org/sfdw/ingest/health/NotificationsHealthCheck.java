package org.sfdw.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import org.sfdw.ingest.notify.Notifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Unhealthy while a notification has failed or was refused and was not sent again, or while a target has not taken
 * the oldest one for longer than {@code patience}: that target is then missing requests, or will be.
 */
public final class NotificationsHealthCheck extends HealthCheck {

    private final List<Notifier> notifiers;
    private final Duration patience;

    public NotificationsHealthCheck(List<Notifier> notifiers, Duration patience) {
        this.notifiers = List.copyOf(notifiers);
        this.patience = patience;
    }

    @Override
    protected Result check() {
        List<String> wrong = new ArrayList<>();
        for (Notifier notifier : notifiers) {
            long unresolved = notifier.unresolvedCount();
            if (unresolved > 0) {
                wrong.add(unresolved + " " + notifier.target() + " notification(s) failed or were refused (GET "
                        + "/requests/<id> shows which); send them again with POST /tasks/notifications-resend"
                        + "?from=<id>&to=<id> on the admin port");
            }
            Duration retrying = notifier.retrying();
            if (retrying.compareTo(patience) > 0) {
                wrong.add("the " + notifier.target() + " has not taken a notification for " + retrying.toSeconds()
                        + " s; the later ones wait (nothing is lost)");
            }
        }
        return wrong.isEmpty() ? Result.healthy("every notification due was delivered or is on its way")
                : Result.unhealthy(String.join("; ", wrong));
    }
}
