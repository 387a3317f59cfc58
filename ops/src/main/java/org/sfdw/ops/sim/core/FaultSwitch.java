package org.sfdw.ops.sim.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The simulator's switchable faults, set over its admin port ({@code POST /tasks/fault}): the next {@code count}
 * queries (or all of them, until switched off) fail the chosen way, so tests and operators can watch writers cope.
 */
public final class FaultSwitch {

    public enum Kind {
        /** No fault: queries are answered normally. */
        NONE,
        /** HTTP 500 with the Spring-style error map. */
        HTTP_500,
        /** The answer begins only after the fault's duration. */
        DELAY,
        /** Part of the answer, then nothing for the fault's duration, then the rest. */
        STALL,
        /** Part of the answer, then the connection is dropped. */
        TRUNCATE,
        /** A body that is not JSON. */
        MALFORMED,
        /** The query port is closed for the fault's duration: connections are refused ({@link ConnectionRefusal}). */
        REFUSE;

        public static Kind parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown fault '" + text + "'; one of none, http-500, delay, "
                        + "stall, truncate, malformed, refuse", e);
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One query's fault. */
    public record Fault(Kind kind, Duration duration) {
    }

    private Kind kind = Kind.NONE;
    private int remaining;
    private Duration duration = Duration.ZERO;

    /** @param count how many queries fail; 0 or less means every query until the switch is set again */
    public synchronized void set(Kind kind, int count, Duration duration) {
        this.kind = kind;
        this.remaining = count <= 0 ? -1 : count;
        this.duration = duration;
    }

    /** The fault for the query now arriving, if any; uses up one of a counted fault. */
    public synchronized Optional<Fault> next() {
        if (kind == Kind.NONE || remaining == 0) {
            return Optional.empty();
        }
        if (remaining > 0) {
            remaining--;
        }
        return Optional.of(new Fault(kind, duration));
    }

    public synchronized String describe() {
        return kind == Kind.NONE || remaining == 0 ? "none"
                : kind.label() + (remaining < 0 ? " on every query" : " on the next " + remaining + " queries")
                + (duration.isZero() ? "" : ", " + duration.toMillis() + " ms");
    }
}
