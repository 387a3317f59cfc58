package org.sfdw.ingest.delivery;

import org.sfdw.spool.Spool;
import org.sfdw.spool.forward.Forwarder;
import org.sfdw.spool.outcome.Outcome;
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
final class RedeliveryMonitor implements AutoCloseable {

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
    private final WriterRoster roster;
    private volatile boolean silentWriters;
    private volatile long lastCheckMillis;
    private volatile Throwable fatal;

    /** @param roster the writers heard from, to tell writers that cannot acknowledge from slow ones */
    RedeliveryMonitor(DeliveryLedger ledger, Forwarder forwarder, OutcomeRecorder recorder, Spool spool,
                             WriterRoster roster, int maxAttempts, Clock clock) {
        this.ledger = ledger;
        this.forwarder = forwarder;
        this.recorder = recorder;
        this.roster = roster;
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

    /**
     * True while requests are taken off the stream but no writer reports anything: the writers look like the
     * original's, which cannot acknowledge (until one is heard from).
     */
    public boolean silentWritersSuspected() {
        return silentWriters;
    }

    /**
     * Requests that ZMQ handed to a writer, none of them reported as received, and no writer's presence heard: the
     * writers pulling are ones without acknowledgements. Said once, clearly, instead of a request failed per minute.
     */
    private void noticeSilentWriters(java.util.List<Long> overdue) {
        if (!roster.connected(clock.millis()).isEmpty()) {
            silentWriters = false;
            return;
        }
        boolean neverReceived = overdue.stream().anyMatch(id -> ledger.stateOf(id) == DeliveryState.FORWARDED);
        if (neverReceived && !forwarder.isWaitingForWriter() && !silentWriters) {
            silentWriters = true;
            LOG.error("Writers take requests from {}, but none reports anything (no 'received', no heartbeat): they "
                    + "look like the original Python writers, which cannot acknowledge. Set "
                    + "delivery.acknowledgements: false for them (README, \"Delivery and durability\"); until then "
                    + "every request is sent {} times and then marked failed, although its file may be written",
                    forwarder.address(), maxAttempts);
        }
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
        java.util.List<Long> overdue = ledger.overdue(clock.millis());
        noticeSilentWriters(overdue);
        for (long id : overdue) {
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
