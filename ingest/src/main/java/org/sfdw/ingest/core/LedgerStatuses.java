package org.sfdw.ingest.core;

import org.sfdw.spool.forward.Forwarder;
import org.sfdw.ingest.delivery.DeliveryLedger;
import org.sfdw.ingest.delivery.DeliveryState;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.ingest.delivery.OutcomeJournal;

import java.util.Optional;

/** Statuses from the writers' outcomes; a request forwarded before acknowledgements were on shows as forwarded. */
public final class LedgerStatuses implements RequestStatuses {

    private final DeliveryLedger ledger;
    private final OutcomeJournal journal;
    private final ForwarderStatuses forwarder;

    public LedgerStatuses(DeliveryLedger ledger, OutcomeJournal journal, Forwarder forwarder) {
        this.ledger = ledger;
        this.journal = journal;
        this.forwarder = new ForwarderStatuses(Optional.of(forwarder));
    }

    @Override
    public DeliveryState statusOf(long id) {
        DeliveryState state = ledger.stateOf(id);
        return state == DeliveryState.SPOOLED ? forwarder.statusOf(id) : state;
    }

    @Override
    public int attemptsOf(long id) {
        return Math.max(ledger.attemptsOf(id), forwarder.attemptsOf(id));
    }

    @Override
    public boolean isSettled(long id) {
        return statusOf(id).isFinal();
    }

    @Override
    public Optional<Outcome> failureOf(long id) {
        return ledger.failureOf(id);
    }

    @Override
    public Optional<Outcome> finalOutcomeOf(long id) {
        DeliveryState state = statusOf(id);
        return state.isFinal() ? journal.newestOf(id, Outcome.Kind.valueOf(state.name())) : Optional.empty();
    }
}
