package org.sfdw.ingest.delivery;

import org.sfdw.spool.outcome.Outcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The broker's memory of every request's delivery. Requests on their way (sent, being written) are held here with
 * their attempts and the time by which a writer must be heard from; a final outcome moves a request into the
 * {@link StatusIndex} with the journal position of that outcome, so memory grows with the requests in flight, not
 * with history. {@link #checkpoint} and {@link #restore} make a start read only the journal written since.
 */
final class DeliveryLedger {

    private final long receiveTimeoutMillis;
    private final long heartbeatTimeoutMillis;
    private final StatusIndex index;
    private final Map<Long, InFlight> inFlight = new HashMap<>();
    private final Map<Long, Outcome> unjournalledFinals = new HashMap<>();
    private long appliedThrough;

    private static final class InFlight {
        DeliveryState state;
        int attempts;
        long deadline;

        InFlight(DeliveryState state, int attempts, long deadline) {
            this.state = state;
            this.attempts = attempts;
            this.deadline = deadline;
        }
    }

    /**
     * @param receiveTimeout   how long after sending a writer has to say it received the request
     * @param heartbeatTimeout how long a writer working on a request may stay silent
     */
    DeliveryLedger(StatusIndex index, Duration receiveTimeout, Duration heartbeatTimeout) {
        this.index = index;
        this.receiveTimeoutMillis = receiveTimeout.toMillis();
        this.heartbeatTimeoutMillis = heartbeatTimeout.toMillis();
    }

    /**
     * Takes an outcome into account; {@code nowMillis} is when it arrived (its own time when replayed).
     *
     * @param journalIndex where the journal holds it, or {@link StatusIndex#NOT_JOURNALLED} when the journal could
     *                     not take it yet ({@link #journalled} follows once it has)
     */
    public synchronized void apply(Outcome outcome, long journalIndex, long nowMillis) {
        long id = outcome.requestId();
        if (id <= 0) {
            return;
        }
        if (journalIndex > 0) {
            appliedThrough = Math.max(appliedThrough, journalIndex);
        }
        InFlight open = inFlight.get(id);
        StatusIndex.Entry standing = open == null ? standing(id) : null;
        switch (outcome.kind()) {
            case SENT -> {
                if (open == null && standing.state().isFinal()) {
                    return;   // a late sending after the end changes nothing
                }
                open = open != null ? open : track(id, standing.attempts());
                open.state = DeliveryState.FORWARDED;
                open.attempts = Math.min(127, open.attempts + 1);
                open.deadline = nowMillis + receiveTimeoutMillis;
            }
            case RECEIVED, HEARTBEAT -> {
                if (open == null && standing.state().isFinal()) {
                    return;
                }
                open = open != null ? open : track(id, standing.attempts());
                open.state = DeliveryState.WRITING;
                open.deadline = nowMillis + heartbeatTimeoutMillis;
            }
            case WRITTEN, FAILED, SKIPPED -> end(outcome, journalIndex, open, standing);
            case SUPERSEDED -> {
                // That writer stood down for another sending, whose own outcome ends the request.
            }
        }
    }

    /**
     * The first final outcome stands, and a late duplicate (after a redelivery) changes nothing; but a file that a
     * later sending wrote after an earlier one gave up is the request's end (its writer removed the {@code .err}),
     * and of two sendings that both wrote the file the last one's is the file on disk.
     */
    private void end(Outcome outcome, long journalIndex, InFlight open, StatusIndex.Entry standing) {
        long id = outcome.requestId();
        DeliveryState state = DeliveryState.valueOf(outcome.kind().name());
        int attempts;
        if (open != null) {
            attempts = open.attempts;
            inFlight.remove(id);
        } else {
            DeliveryState before = standing.state();
            boolean replaces = !before.isFinal() || outcome.kind() == Outcome.Kind.WRITTEN
                    && (before == DeliveryState.FAILED || before == DeliveryState.WRITTEN);
            if (!replaces) {
                return;
            }
            attempts = standing.attempts();
        }
        if (journalIndex == StatusIndex.NOT_JOURNALLED) {
            unjournalledFinals.put(id, outcome);
        } else {
            unjournalledFinals.remove(id);
        }
        index.put(id, new StatusIndex.Entry(state, attempts, journalIndex));
    }

    /** A kept outcome the journal has taken now, at {@code journalIndex}. */
    public synchronized void journalled(Outcome outcome, long journalIndex) {
        appliedThrough = Math.max(appliedThrough, journalIndex);
        long id = outcome.requestId();
        if (outcome.kind().isFinal() && unjournalledFinals.get(id) == outcome) {
            unjournalledFinals.remove(id);
            StatusIndex.Entry entry = index.get(id);
            index.put(id, new StatusIndex.Entry(entry.state(), entry.attempts(), journalIndex));
        }
    }

    /**
     * The index entry, except a final outcome the journal never took (the broker stopped while its disk was full):
     * after a restart that request is where the journal says it is.
     */
    private StatusIndex.Entry standing(long id) {
        StatusIndex.Entry entry = index.get(id);
        if (entry.journalIndex() == StatusIndex.NOT_JOURNALLED && !unjournalledFinals.containsKey(id)) {
            return new StatusIndex.Entry(DeliveryState.SPOOLED, entry.attempts(), 0);
        }
        return entry;
    }

    private InFlight track(long id, int attempts) {
        InFlight open = new InFlight(DeliveryState.FORWARDED, attempts, 0);
        inFlight.put(id, open);
        return open;
    }

    /** After a restart: every request still in flight gets a full timeout from now, as if just sent. */
    public synchronized void restartTimers(long nowMillis) {
        inFlight.values().forEach(open -> open.deadline = nowMillis + (open.state == DeliveryState.WRITING
                ? heartbeatTimeoutMillis : receiveTimeoutMillis));
    }

    /** Requests in flight whose writer has not been heard from in time, oldest id first. */
    public synchronized List<Long> overdue(long nowMillis) {
        List<Long> late = new ArrayList<>();
        inFlight.forEach((id, open) -> {
            if (open.deadline <= nowMillis) {
                late.add(id);
            }
        });
        late.sort(null);
        return late;
    }

    public synchronized DeliveryState stateOf(long id) {
        InFlight open = inFlight.get(id);
        return open != null ? open.state : standing(id).state();
    }

    public synchronized int attemptsOf(long id) {
        InFlight open = inFlight.get(id);
        return open != null ? open.attempts : standing(id).attempts();
    }

    /**
     * Where the journal holds the outcome behind a request's final status: its position, or
     * {@link StatusIndex#NOT_JOURNALLED} with the outcome itself while the journal cannot take it; empty for a
     * request without a final status.
     */
    synchronized Optional<Standing> standingOf(long id) {
        if (inFlight.containsKey(id)) {
            return Optional.empty();
        }
        StatusIndex.Entry entry = standing(id);
        if (!entry.state().isFinal()) {
            return Optional.empty();
        }
        return Optional.of(new Standing(entry.state(), entry.journalIndex(),
                Optional.ofNullable(unjournalledFinals.get(id))));
    }

    /** A request's final status and where its outcome is. */
    record Standing(DeliveryState state, long journalIndex, Optional<Outcome> unjournalled) {
    }

    public synchronized int inFlight() {
        return inFlight.size();
    }

    /** The requests in flight and the journal position everything so far came from, for a checkpoint. */
    synchronized LedgerCheckpoint checkpoint() {
        List<LedgerCheckpoint.Open> open = new ArrayList<>(inFlight.size());
        new TreeMap<>(inFlight).forEach((id, o) -> open.add(new LedgerCheckpoint.Open(id, o.state, o.attempts)));
        return new LedgerCheckpoint(appliedThrough, open);
    }

    /** Starts from a checkpoint: its requests in flight, and the journal position it covers. */
    synchronized void restore(LedgerCheckpoint checkpoint) {
        inFlight.clear();
        checkpoint.open().forEach(o -> inFlight.put(o.id(), new InFlight(o.state(), o.attempts(), 0)));
        appliedThrough = checkpoint.journalIndex();
    }

    /** The queue index of the newest journal record applied. */
    synchronized long appliedThrough() {
        return appliedThrough;
    }
}
