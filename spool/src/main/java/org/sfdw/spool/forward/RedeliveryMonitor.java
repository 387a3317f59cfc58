package org.sfdw.spool.forward;

import org.sfdw.spool.Spool;
import org.sfdw.spool.outcome.DeliveryLedger;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
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
    public static final String UNDELIVERABLE_FILE = UndeliverableList.FILE;

    private final DeliveryLedger ledger;
    private final Forwarder forwarder;
    private final OutcomeRecorder recorder;
    private final Spool spool;
    private final int maxAttempts;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "redelivery-monitor");
        t.setDaemon(true);
        return t;
    });

    private final UndeliverableList undeliverable;
    private volatile long lastCheckMillis;
    private volatile Throwable fatal;

    public RedeliveryMonitor(DeliveryLedger ledger, Forwarder forwarder, OutcomeRecorder recorder, Spool spool,
                             int maxAttempts, Clock clock) {
        this.ledger = ledger;
        this.forwarder = forwarder;
        this.recorder = recorder;
        this.undeliverable = new UndeliverableList(spool.directory(), clock);
        this.spool = spool;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    public Path undeliverableFile() {
        return undeliverable.file();
    }

    public void start() {
        lastCheckMillis = clock.millis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                LOG.error("Redelivery check failed; it runs again in a moment", e);
            } catch (Throwable t) {
                fatal = t;
                LOG.error("Redelivery monitor stopped by {}", t.toString(), t);
                throw t;
            } finally {
                lastCheckMillis = clock.millis();
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Why the monitor stopped looking at requests in flight, empty while it looks (every half second). */
    public java.util.Optional<String> failure() {
        if (fatal != null) {
            return java.util.Optional.of("the redelivery monitor stopped: " + fatal);
        }
        long silent = clock.millis() - lastCheckMillis;
        return lastCheckMillis > 0 && silent > 60_000 && !timer.isShutdown()
                ? java.util.Optional.of("the redelivery monitor has not run for " + silent / 1000 + " s")
                : java.util.Optional.empty();
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
        spool.read(id).ifPresent(undeliverable::keep);
        Path file = undeliverable.file();
        Outcome failed = new Outcome(id, Outcome.Kind.FAILED, "broker", clock.millis(), null, file.toString(), why);
        recorder.record(failed);
        LOG.error("request {} failed: {}. Its line is in {}; re-run it with 'sfdw submit {}'", id, why, file, file);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
