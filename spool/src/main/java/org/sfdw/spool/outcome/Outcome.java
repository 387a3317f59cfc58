package org.sfdw.spool.outcome;

import java.util.List;
import java.util.Locale;

/**
 * What happened to a write request on its way: the broker's {@code SENT}, a writer's {@code RECEIVED} and
 * {@code HEARTBEAT}s while it works, then one final {@code WRITTEN}, {@code FAILED} or {@code SKIPPED}. A writer
 * that finds its sending overtaken (a later sending of the same request wrote the file, or another writer took its
 * temporary file for abandoned) reports {@code SUPERSEDED} instead: it stood down, the request's end is the other
 * sending's.
 *
 * @param writer     who reports it ({@code host~boot~pidnamespace~pid} of a writer, or {@code broker})
 * @param timeMillis when, epoch milliseconds
 * @param outputFile the file the request writes, when known
 * @param errFile    the {@code .err} file of a failed request, when one was written
 * @param error      why it failed
 * @param report     per channel, how complete the written file is (empty when nothing was written)
 */
public record Outcome(long requestId, Kind kind, String writer, long timeMillis, String outputFile, String errFile,
                      String error, List<ChannelReport> report) {

    public Outcome {
        report = report == null ? List.of() : List.copyOf(report);
    }

    public Outcome(long requestId, Kind kind, String writer, long timeMillis, String outputFile, String errFile,
                   String error) {
        this(requestId, kind, writer, timeMillis, outputFile, errFile, error, List.of());
    }

    /**
     * The request id of a writer's presence heartbeat, sent every heartbeat interval whether it is writing or not
     * (the broker keeps a roster of the writers it hears from); it concerns no request.
     */
    public static final long NO_REQUEST = 0;

    public enum Kind {
        SENT, RECEIVED, HEARTBEAT, WRITTEN, FAILED, SKIPPED, SUPERSEDED;

        public boolean isFinal() {
            return this == WRITTEN || this == FAILED || this == SKIPPED;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Outcome of(long requestId, Kind kind, String writer, long timeMillis) {
        return new Outcome(requestId, kind, writer, timeMillis, null, null, null);
    }

    public static Outcome presence(String writer, long timeMillis) {
        return of(NO_REQUEST, Kind.HEARTBEAT, writer, timeMillis);
    }

    public boolean isPresence() {
        return requestId == NO_REQUEST && kind == Kind.HEARTBEAT;
    }
}
