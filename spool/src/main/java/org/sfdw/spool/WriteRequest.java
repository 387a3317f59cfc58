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
 */
public record WriteRequest(long id, double timestamp, String dataApiRequest, String parameters) {

    public static final long NO_ID = 0;

    public WriteRequest {
        Objects.requireNonNull(dataApiRequest, "dataApiRequest");
        Objects.requireNonNull(parameters, "parameters");
    }

    public boolean hasId() {
        return id != NO_ID;
    }

    /** The same request under the id the spool gave it. */
    public WriteRequest withId(long newId) {
        return new WriteRequest(newId, timestamp, dataApiRequest, parameters);
    }

    /** A short label for log lines: {@code request 42} or {@code request (no id)}. */
    public String label() {
        return hasId() ? "request " + id : "request (no id)";
    }
}
