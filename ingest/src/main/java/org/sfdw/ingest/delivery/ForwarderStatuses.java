package org.sfdw.ingest.delivery;

import org.sfdw.spool.forward.Forwarder;
import org.sfdw.spool.outcome.Outcome;

import java.util.Optional;

/**
 * Statuses without acknowledgements: requests the forwarder has passed are forwarded, the rest spooled; nothing
 * more is known.
 */
public final class ForwarderStatuses implements RequestStatuses {

    private final Optional<Forwarder> forwarder;

    /** @param forwarder empty when the broker runs audit-trail-only and forwards nothing */
    public ForwarderStatuses(Optional<Forwarder> forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public DeliveryState statusOf(long id) {
        return forwarded(id) ? DeliveryState.FORWARDED : DeliveryState.SPOOLED;
    }

    @Override
    public int attemptsOf(long id) {
        return forwarded(id) ? 1 : 0;
    }

    /** Without acknowledgements a request is done once forwarded; audit trail only, once spooled. */
    @Override
    public boolean isSettled(long id) {
        return forwarder.isEmpty() || forwarded(id);
    }

    @Override
    public Optional<Outcome> failureOf(long id) {
        return Optional.empty();
    }

    /** Without acknowledgements no writer reports back. */
    @Override
    public Optional<Outcome> finalOutcomeOf(long id) {
        return Optional.empty();
    }

    private boolean forwarded(long id) {
        return forwarder.map(f -> id <= f.lastForwardedId()).orElse(false);
    }
}
