package org.sfdw.ingest.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Brings the ledger and the status index up to the journal at a broker start: from the last checkpoint, applying
 * only the outcomes journalled after it; without a usable one (the first start after an upgrade, a damaged or
 * deleted index) by applying the whole journal once, which then checkpoints.
 */
final class LedgerStart {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerStart.class);

    private final OutcomeJournal journal;
    private final StatusIndex index;
    private final DeliveryLedger ledger;

    LedgerStart(OutcomeJournal journal, StatusIndex index, DeliveryLedger ledger) {
        this.journal = journal;
        this.index = index;
        this.ledger = ledger;
    }

    void run() {
        Optional<LedgerCheckpoint> checkpoint = LedgerCheckpoint.read(index.directory());
        if (checkpoint.isPresent()) {
            ledger.restore(checkpoint.get());
            long[] applied = {0};
            if (journal.replayAfter(checkpoint.get().journalIndex(), (at, outcome) -> {
                ledger.apply(outcome, at, outcome.timeMillis());
                applied[0]++;
            })) {
                LOG.info("Delivery state from the checkpoint in {} and {} outcomes journalled after it",
                        index.directory(), applied[0]);
                return;
            }
            LOG.warn("The delivery checkpoint in {} names a journal position that is not in {}; the status index is "
                    + "built again from the whole journal", index.directory(), journal.directory());
        }
        rebuild();
    }

    private void rebuild() {
        long started = System.nanoTime();
        LedgerCheckpoint.delete(index.directory());
        index.clear();
        ledger.restore(new LedgerCheckpoint(0, java.util.List.of()));
        long[] applied = {0};
        journal.replayAfter(0, (at, outcome) -> {
            ledger.apply(outcome, at, outcome.timeMillis());
            applied[0]++;
        });
        index.force();
        ledger.checkpoint().write(index.directory());
        LOG.info("Built the status index {} from {} journalled outcomes in {} ms (once: later starts read the "
                + "checkpoint)", index.directory(), applied[0], (System.nanoTime() - started) / 1_000_000);
    }
}
