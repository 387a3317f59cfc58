package org.sfdw.ingest.core;

import org.sfdw.spool.forward.Forwarder;

import java.util.Optional;

/** Statuses from the forwarder's position: requests it has passed are forwarded, the rest spooled. */
public final class ForwarderStatuses implements RequestStatuses {

    private final Optional<Forwarder> forwarder;

    /** @param forwarder empty when the broker runs audit-trail-only and forwards nothing */
    public ForwarderStatuses(Optional<Forwarder> forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public RequestStatus statusOf(long id) {
        return forwarded(id) ? RequestStatus.FORWARDED : RequestStatus.SPOOLED;
    }

    @Override
    public int attemptsOf(long id) {
        return forwarded(id) ? 1 : 0;
    }

    private boolean forwarded(long id) {
        return forwarder.map(f -> id <= f.lastForwardedId()).orElse(false);
    }
}
