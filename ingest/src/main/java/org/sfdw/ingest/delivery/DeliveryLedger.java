package org.sfdw.ingest.delivery;

import org.sfdw.spool.outcome.Outcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The broker's memory of every request's delivery, rebuilt from the outcome journal at start: its state, how often
 * it was sent, and for requests still on their way the time by which a writer must be heard from. One byte of state
 * and one of attempts per request; only requests in flight and failed ones take more.
 */
public final class DeliveryLedger {

    private final long receiveTimeoutMillis;
    private final long heartbeatTimeoutMillis;
    private byte[] states = new byte[1024];      // DeliveryState ordinal by request id
    private byte[] attempts = new byte[1024];
    private final Map<Long, Long> deadlines = new HashMap<>();
    private final Map<Long, Outcome> failures = new HashMap<>();

    /**
     * @param receiveTimeout   how long after sending a writer has to say it received the request
     * @param heartbeatTimeout how long a writer working on a request may stay silent
     */
    public DeliveryLedger(Duration receiveTimeout, Duration heartbeatTimeout) {
        this.receiveTimeoutMillis = receiveTimeout.toMillis();
        this.heartbeatTimeoutMillis = heartbeatTimeout.toMillis();
    }

    /** Takes an outcome into account; {@code nowMillis} is when it arrived (its own time when replayed). */
    public synchronized void apply(Outcome outcome, long nowMillis) {
        long id = outcome.requestId();
        if (id <= 0 || id >= Integer.MAX_VALUE) {
            return;
        }
        ensureCapacity(id);
        boolean writtenAfterFailing = stateOf(id) == DeliveryState.FAILED && outcome.kind() == Outcome.Kind.WRITTEN;
        if (stateOf(id).isFinal() && !writtenAfterFailing) {
            // The first final outcome stands, a late duplicate (after a redelivery) changes nothing; but a file that
            // a later sending wrote after an earlier one gave up is the request's end (its writer removed the .err).
            return;
        }
        switch (outcome.kind()) {
            case SENT -> {
                states[(int) id] = (byte) DeliveryState.FORWARDED.ordinal();
                attempts[(int) id] = (byte) Math.min(127, attempts[(int) id] + 1);
                deadlines.put(id, nowMillis + receiveTimeoutMillis);
            }
            case RECEIVED, HEARTBEAT -> {
                states[(int) id] = (byte) DeliveryState.WRITING.ordinal();
                deadlines.put(id, nowMillis + heartbeatTimeoutMillis);
            }
            case WRITTEN, FAILED, SKIPPED -> {
                states[(int) id] = (byte) DeliveryState.valueOf(outcome.kind().name()).ordinal();
                deadlines.remove(id);
                if (outcome.kind() == Outcome.Kind.FAILED) {
                    failures.put(id, outcome);
                } else {
                    failures.remove(id);
                }
            }
            case SUPERSEDED -> {
                // That writer stood down for another sending, whose own outcome ends the request.
            }
        }
    }

    /** After a restart: every request still in flight gets a full timeout from now, as if just sent. */
    public synchronized void restartTimers(long nowMillis) {
        deadlines.replaceAll((id, deadline) -> nowMillis + (stateOf(id) == DeliveryState.WRITING
                ? heartbeatTimeoutMillis : receiveTimeoutMillis));
    }

    /** Requests in flight whose writer has not been heard from in time, oldest id first. */
    public synchronized List<Long> overdue(long nowMillis) {
        List<Long> late = new ArrayList<>();
        deadlines.forEach((id, deadline) -> {
            if (deadline <= nowMillis) {
                late.add(id);
            }
        });
        late.sort(null);
        return late;
    }

    public synchronized DeliveryState stateOf(long id) {
        return id > 0 && id < states.length ? DeliveryState.values()[states[(int) id]] : DeliveryState.SPOOLED;
    }

    public synchronized int attemptsOf(long id) {
        return id > 0 && id < attempts.length ? attempts[(int) id] : 0;
    }

    /** The final FAILED outcome of a request, with its error and {@code .err} file. */
    public synchronized Optional<Outcome> failureOf(long id) {
        return Optional.ofNullable(failures.get(id));
    }

    public synchronized int inFlight() {
        return deadlines.size();
    }

    private void ensureCapacity(long id) {
        if (id >= states.length) {
            int size = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(id + 1, states.length * 2L));
            states = Arrays.copyOf(states, size);
            attempts = Arrays.copyOf(attempts, size);
        }
    }
}
