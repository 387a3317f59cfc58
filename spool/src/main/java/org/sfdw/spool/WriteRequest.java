package org.sfdw.spool;

import java.util.Objects;

/**
 * One "write pulses N..M into this file" request, as the broker spools it and a writer receives it.
 *
 * <p>The two JSON fields are kept as the exact text that was spooled (Python {@code json.dumps} style), so
 * that audit lines, bsread frames and {@code .err} files reproduce the original's bytes.
 *
 * @param id             spool-assigned sequence number, 1, 2, 3, ...; {@link #NO_ID} for requests from a
 *                       sender that assigns none (the original Python broker)
 * @param timestamp      creation time in epoch seconds (float seconds, as the original's {@code time.time()})
 * @param dataApiRequest the data-api query as JSON text (data-api.md §2.1)
 * @param parameters     the file parameters as JSON text ({@code output_file}, {@code general/*}, ...)
 * @param rerunOf        the id of the request this one runs again (a resubmitted {@code .err} or audit line, a
 *                       replay), {@link #NO_ID} for a new acquisition or when the original is not in the spool
 */
public record WriteRequest(long id, double timestamp, String dataApiRequest, String parameters, long rerunOf) {

    public static final long NO_ID = 0;

    public WriteRequest {
        Objects.requireNonNull(dataApiRequest, "dataApiRequest");
        Objects.requireNonNull(parameters, "parameters");
    }

    /** A request of a new acquisition: it runs nothing again. */
    public WriteRequest(long id, double timestamp, String dataApiRequest, String parameters) {
        this(id, timestamp, dataApiRequest, parameters, NO_ID);
    }

    public boolean hasId() {
        return id != NO_ID;
    }

    /** The same request under the id the spool gave it. */
    public WriteRequest withId(long newId) {
        return new WriteRequest(newId, timestamp, dataApiRequest, parameters, rerunOf);
    }

    /** The same request, recorded as a re-run of request {@code originalId}. */
    public WriteRequest asRerunOf(long originalId) {
        return new WriteRequest(id, timestamp, dataApiRequest, parameters, originalId);
    }

    /** True when both carry the same query, parameters and timestamp: the same acquisition. */
    public boolean sameContentAs(WriteRequest other) {
        return timestamp == other.timestamp && dataApiRequest.equals(other.dataApiRequest)
                && parameters.equals(other.parameters);
    }

    /** A short label for log lines: {@code request 42} or {@code request (no id)}. */
    public String label() {
        return hasId() ? "request " + id : "request (no id)";
    }
}
