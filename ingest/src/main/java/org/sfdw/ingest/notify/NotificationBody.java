package org.sfdw.ingest.notify;

import org.sfdw.spool.WriteRequest;

import java.util.Optional;

/** What a target is sent about a request, or nothing when the request is not its to hear of. */
@FunctionalInterface
public interface NotificationBody {

    /** @throws IllegalArgumentException when the request cannot make a notification (it is then refused) */
    Optional<byte[]> body(WriteRequest request);

    /**
     * Whether the target hears of {@code request} at all, without making the body (which, for a request's status,
     * looks up its outcome): for {@code GET /requests/<id>}.
     */
    default boolean isFor(WriteRequest request) {
        return body(request).isPresent();
    }
}
