package org.sfdw.ingest.notify;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where one request's notification to one target stands, as {@code GET /requests/<id>} shows it.
 *
 * @param state     {@code waiting} (for the request to be written or to fail, for a target told then),
 *                  {@code pending} (not yet sent, or being retried), {@code delivered}, {@code failed} (the retry
 *                  budget ran out), {@code refused} (the target answered that it does not want it, e.g. HTTP 400),
 *                  {@code skipped} (spooled in audit-trail-only mode, which sends nothing)
 * @param attempts  attempts made, the re-sends included
 * @param lastError what went wrong the last time, or null
 * @param atMillis  when it reached this state (0 for pending)
 */
public record NotificationState(@JsonProperty("target") String target, @JsonProperty("state") String state,
                                @JsonProperty("attempts") int attempts, @JsonProperty("last_error") String lastError,
                                @JsonProperty("at") long atMillis) {

    public static final String WAITING = "waiting";
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String REFUSED = "refused";
    public static final String SKIPPED = "skipped";

    /** Failed or refused: what the re-send task is for. */
    public boolean unresolved() {
        return state.equals(FAILED) || state.equals(REFUSED);
    }
}
