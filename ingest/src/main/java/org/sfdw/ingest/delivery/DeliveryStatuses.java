package org.sfdw.ingest.delivery;

import org.sfdw.spool.forward.Forwarder;
import org.sfdw.spool.outcome.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Statuses from the writers' outcomes: the ledger's state, and the outcome behind a final one read from the journal
 * at the position the status index keeps (one lookup, however old the request). A request forwarded before
 * acknowledgements were on shows as forwarded.
 */
final class DeliveryStatuses implements RequestStatuses {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStatuses.class);

    private final DeliveryLedger ledger;
    private final OutcomeJournal journal;
    private final ForwarderStatuses forwarder;

    DeliveryStatuses(DeliveryLedger ledger, OutcomeJournal journal, Forwarder forwarder) {
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
        return finalOutcomeOf(id).filter(o -> o.kind() == Outcome.Kind.FAILED);
    }

    @Override
    public Optional<Outcome> finalOutcomeOf(long id) {
        return ledger.standingOf(id).flatMap(standing -> {
            if (standing.unjournalled().isPresent()) {
                return standing.unjournalled();
            }
            try {
                return journal.read(standing.journalIndex());
            } catch (org.sfdw.spool.SpoolUnavailableException e) {
                LOG.warn("request {}: its {} outcome cannot be read from the journal: {}", id,
                        standing.state().label(), e.getMessage());
                return Optional.empty();
            }
        });
    }
}
