package org.sfdw.ingest.notify;

import org.sfdw.spool.WriteRequest;

import java.util.Optional;

/** What a target is sent about a request, or nothing when the request is not its to hear of. */
@FunctionalInterface
public interface NotificationBody {

    /** @throws IllegalArgumentException when the request cannot make a notification (it is then refused) */
    Optional<byte[]> body(WriteRequest request);
}
