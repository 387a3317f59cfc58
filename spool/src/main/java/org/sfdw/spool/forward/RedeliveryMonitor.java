package org.sfdw.spool.forward;

import org.sfdw.spool.AuditLine;
import org.sfdw.spool.Spool;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.outcome.DeliveryLedger;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches requests in flight: one whose writer went silent (no {@code received} in time, or no heartbeat while it
 * works) is sent again, up to {@code maxAttempts} sendings; after that it is marked failed and its audit line is
 * appended to {@code undeliverable.err} beside the spool, ready for {@code sfdw submit}. A request that merely waits
 * for a writer to connect is not an attempt: it waits as long as it takes.
 */
public final class RedeliveryMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedeliveryMonitor.class);
    public static final String UNDELIVERABLE_FILE = "undeliverable.err";

    private final DeliveryLedger ledger;
    private final Forwarder forwarder;
    private final OutcomeJournal journal;
    private final Spool spool;
    private final int maxAttempts;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "redelivery-monitor");
        t.setDaemon(true);
        return t;
    });

    public RedeliveryMonitor(DeliveryLedger ledger, Forwarder forwarder, OutcomeJournal journal, Spool spool,
                             int maxAttempts, Clock clock) {
        this.ledger = ledger;
        this.forwarder = forwarder;
        this.journal = journal;
        this.spool = spool;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    public Path undeliverableFile() {
        return spool.directory().resolve(UNDELIVERABLE_FILE);
    }

    public void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                LOG.error("Redelivery check failed; it runs again in a moment", e);
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** One look at the requests in flight. */
    public void check() {
        boolean resend = false;
        for (long id : ledger.overdue(clock.millis())) {
            if (ledger.attemptsOf(id) < maxAttempts) {
                resend |= forwarder.redeliver(id);
            } else {
                giveUp(id);
            }
        }
        if (resend) {
            forwarder.reopenStream();
        }
    }

    private void giveUp(long id) {
        String why = "no writer finished it after " + ledger.attemptsOf(id) + " attempts (last state "
                + ledger.stateOf(id).label() + ")";
        WriteRequest request = spool.read(id).orElse(null);
        Path undeliverable = undeliverableFile();
        if (request != null) {
            try {
                Files.writeString(undeliverable, AuditLine.format(request, LocalDateTime.now(clock)) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                LOG.error("request {}: could not keep its line in {}: {}", id, undeliverable, e.toString());
            }
        }
        Outcome failed = new Outcome(id, Outcome.Kind.FAILED, "broker", clock.millis(), null, undeliverable.toString(),
                why);
        journal.append(failed);
        ledger.apply(failed, clock.millis());
        LOG.error("request {} failed: {}. Its line is in {}; re-run it with 'sfdw submit {}'", id, why, undeliverable,
                undeliverable);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
