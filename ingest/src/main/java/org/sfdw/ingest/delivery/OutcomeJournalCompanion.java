package org.sfdw.ingest.delivery;

import org.sfdw.spool.Durability;
import org.sfdw.spool.SpoolCompanion;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The outcome journal as {@code sfdw spool verify} and {@code salvage} see it: checked and copied with the spool. */
public final class OutcomeJournalCompanion implements SpoolCompanion {

    private final OutcomeCodec codec;

    public OutcomeJournalCompanion(OutcomeCodec codec) {
        this.codec = codec;
    }

    @Override
    public Verified verify(Path spoolDirectory, PrintStream out) {
        Path journal = OutcomeJournal.directoryOf(spoolDirectory);
        List<OutcomeJournal.Check.Damage> damage = Files.isDirectory(journal)
                ? OutcomeJournal.Check.damage(journal, codec) : List.of();
        for (OutcomeJournal.Check.Damage d : damage) {
            out.println("damaged journal " + d.file().resolveSibling(d.where()) + ": " + d.reason()
                    + (d.tail() ? " (its last record: the next broker start cuts it away)" : " (before intact records)"));
        }
        return new Verified(damage.size(), damage.stream().allMatch(OutcomeJournal.Check.Damage::tail));
    }

    /** The status index beside the journal is not copied: the broker builds it anew from the copied journal. */
    @Override
    public Copied copy(Path source, Path target) {
        Path from = OutcomeJournal.directoryOf(source);
        if (!Files.isDirectory(from)) {
            return new Copied(0, OptionalLong.empty());
        }
        List<Outcome> intact = new ArrayList<>();
        OutcomeJournal.Check.forEachIntact(from, codec, intact::add);
        long newest = 0;
        try (OutcomeJournal journal = OutcomeJournal.open(OutcomeJournal.directoryOf(target), Durability.SYNC, codec)) {
            journal.appendAll(intact);
            for (Outcome outcome : intact) {
                newest = Math.max(newest, outcome.requestId());
            }
        }
        return new Copied(intact.size(), OptionalLong.of(newest));
    }
}
