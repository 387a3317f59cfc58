package org.sfdw.ingest.delivery;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import org.sfdw.spool.SpoolUnavailableException;
import org.sfdw.spool.outcome.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Journals outcomes and applies them to the ledger. An outcome the journal cannot take (its disk is full, it
 * timed out) is still applied, and kept in order with those after it until the journal takes them again
 * ({@link #flush}), so that a full disk costs neither the broker's view of a request nor a thread.
 */
final class OutcomeRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final int MAX_PENDING = 100_000;
    private static final long REPORT_EVERY_MILLIS = 60_000;

    private final OutcomeJournal journal;
    private final DeliveryLedger ledger;
    private final LongSupplier clock;
    private final Counter unjournalled;
    private final Deque<Outcome> pending = new ArrayDeque<>();
    private long lastReport;
    private LedgerCheckpoint lastCheckpoint;   // the one on disk, written by this recorder

    OutcomeRecorder(OutcomeJournal journal, DeliveryLedger ledger, LongSupplier clock, MetricRegistry metrics) {
        this.journal = journal;
        this.ledger = ledger;
        this.clock = clock;
        this.unjournalled = metrics.counter("sfdw.broker.outcomes.unjournalled");
        metrics.gauge("sfdw.broker.outcomes.pending", () -> this::pendingCount);
    }

    /**
     * Journals (or keeps for later) and applies one outcome. A writer's heartbeat for a request it is known to be
     * writing is applied only: it pushes back a deadline that a restart resets anyway, and at one every few seconds
     * per request in flight it would be most of the journal, each one synced. One that changes the request's state
     * (its 'received' was lost on the way) is journalled like any outcome.
     */
    public void record(Outcome outcome) {
        if (outcome.kind() == Outcome.Kind.HEARTBEAT && ledger.stateOf(outcome.requestId()) == DeliveryState.WRITING) {
            ledger.apply(outcome, StatusIndex.NOT_JOURNALLED, clock.getAsLong());
            return;
        }
        // Journalled and applied under one lock: the ledger sees outcomes in the journal's order, which is what a
        // checkpoint's journal position and the replay after it rely on.
        synchronized (this) {
            long journalIndex = StatusIndex.NOT_JOURNALLED;
            boolean behindOthers = !pending.isEmpty();
            if (!behindOthers) {
                try {
                    journalIndex = journal.append(outcome);
                } catch (SpoolUnavailableException e) {
                    keep(outcome, e);
                }
            } else {
                keep(outcome, null);
            }
            ledger.apply(outcome, journalIndex, clock.getAsLong());
            if (behindOthers) {
                flush();
            }
        }
    }

    /**
     * Syncs the status index and writes a checkpoint of the ledger, unless outcomes wait for the journal (the
     * checkpoint's journal position would not cover them). Nothing is written when it would hold exactly what the last
     * one written holds (nothing journalled since): an idle broker does not sync a file every few seconds.
     *
     * @return whether the state a restart would start from is checkpointed now
     */
    public synchronized boolean checkpoint(StatusIndex index, java.nio.file.Path directory) {
        if (!pending.isEmpty()) {
            return false;
        }
        LedgerCheckpoint checkpoint = ledger.checkpoint();
        if (checkpoint.equals(lastCheckpoint)) {
            return true;
        }
        index.force();
        checkpoint.write(directory);
        lastCheckpoint = checkpoint;
        return true;
    }

    /** Journals what was kept, in order, as far as the journal takes it. */
    public synchronized void flush() {
        while (!pending.isEmpty()) {
            long journalIndex;
            try {
                journalIndex = journal.append(pending.peekFirst());
            } catch (SpoolUnavailableException e) {
                report(e);
                return;
            }
            ledger.journalled(pending.pollFirst(), journalIndex);
            if (pending.isEmpty()) {
                LOG.info("Outcome journal {} takes outcomes again; every kept outcome is journalled",
                        journal.directory());
            }
        }
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    private void keep(Outcome outcome, SpoolUnavailableException why) {
        if (pending.size() >= MAX_PENDING) {
            Outcome dropped = pending.pollFirst();
            LOG.error("request {}: its {} outcome is dropped unjournalled ({} are kept at most); if it was final the "
                    + "request may be redelivered after a restart", dropped.requestId(), dropped.kind().label(),
                    MAX_PENDING);
        }
        pending.addLast(outcome);
        unjournalled.inc();
        if (why != null) {
            report(why);
        }
    }

    private void report(SpoolUnavailableException why) {
        long now = clock.getAsLong();
        if (now - lastReport >= REPORT_EVERY_MILLIS) {
            lastReport = now;
            LOG.error("Outcomes cannot be journalled ({}); {} are kept in memory and journalled when it works again",
                    why.getMessage(), pending.size());
        }
    }
}
