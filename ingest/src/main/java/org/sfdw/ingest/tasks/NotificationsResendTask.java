package org.sfdw.ingest.tasks;

import org.sfdw.ingest.notify.Notifier;
import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code POST /tasks/notifications-resend?from=<id|time>&to=<id|time>}: sends the failed and refused notifications
 * of the range's requests again, to every target, after the one each notifier is on, and answers with their ids. Each gets a new retry
 * budget; {@code GET /requests/<id>} shows how it ends. A bad range answers {@code error: <why>} and sends nothing.
 */
public class NotificationsResendTask extends SpoolRangeTask {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationsResendTask.class);

    private final List<Notifier> notifiers;

    public NotificationsResendTask(Spool spool, List<Notifier> notifiers, ZoneId zone) {
        super("notifications-resend", spool, zone);
        this.notifiers = List.copyOf(notifiers);
    }

    @Override
    protected void execute(SpoolRange range, PrintWriter output) {
        if (range.isEmpty()) {
            output.println("error: no spooled requests in that range (" + range.fromId() + ".." + range.toId()
                    + "); the spool holds " + spool.firstId() + ".." + spool.lastId());
            return;
        }
        for (Notifier notifier : notifiers) {
            List<Long> ids = notifier.resend(range.fromId(), range.toId());
            LOG.info("Sending the {} notifications of requests {} again", notifier.target(), ids);
            output.println("sending " + ids.size() + " " + notifier.target() + " notification(s) again"
                    + (ids.isEmpty() ? " (none in " + range.fromId() + ".." + range.toId() + " failed)" : ":"));
            ids.forEach(output::println);
        }
    }
}
