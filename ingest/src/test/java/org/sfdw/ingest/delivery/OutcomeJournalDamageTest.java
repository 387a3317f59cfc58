package org.sfdw.ingest.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.Durability;
import org.sfdw.spool.SpoolDamagedException;
import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.spool.store.QueueDocument;
import org.sfdw.spool.testing.QueueDamage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outcome journal cut short or damaged, as a full disk or a crash leaves it. */
class OutcomeJournalDamageTest {

    @TempDir
    Path dir;

    private final OutcomeCodec codec = new OutcomeCodec(new ObjectMapper());

    private List<Outcome> journal(int requests) {
        List<Outcome> written = new ArrayList<>();
        try (OutcomeJournal journal = OutcomeJournal.open(dir, Durability.SYNC, codec)) {
            for (long id = 1; id <= requests; id++) {
                Outcome outcome = new Outcome(id, Outcome.Kind.WRITTEN, "host/1", id, "/data/run_" + id + ".h5", null,
                        null, List.of(new ChannelReport("SIM:A", 10, 10, 1, 10, 0, 0, 0, 0)));
                journal.append(outcome);
                written.add(outcome);
            }
        }
        return written;
    }

    private List<Outcome> replay() {
        List<Outcome> replayed = new ArrayList<>();
        try (OutcomeJournal journal = OutcomeJournal.open(dir, Durability.SYNC, codec)) {
            journal.replay(replayed::add);
        }
        return replayed;
    }

    @Test
    void anIntactJournalOfEveryKindOfOutcomeOpensWithNothingCut() {
        List<Outcome> written = new ArrayList<>();
        for (Outcome.Kind kind : Outcome.Kind.values()) {
            written.add(new Outcome(7, kind, "host~boot~ns~1", 12, "/d/f.h5", kind == Outcome.Kind.FAILED ? "/d/f.h5.err"
                    : null, kind == Outcome.Kind.SENT ? null : "why " + kind, kind == Outcome.Kind.WRITTEN
                    ? List.of(new ChannelReport("SIM:A", 10, 9, 1, 10, 1, 0, 0, 0)) : List.of()));
        }
        try (OutcomeJournal journal = OutcomeJournal.open(dir, Durability.SYNC, codec)) {
            written.forEach(journal::append);
        }

        assertThat(replay()).as("opened (and checked) twice").containsExactlyElementsOf(written);
        assertThat(replay()).containsExactlyElementsOf(written);
        assertThat(dir.resolve("cut-records")).doesNotExist();
    }

    @Test
    void aJournalCutInsideItsLastRecordIsCutBackToTheLastIntactOne() {
        List<Outcome> written = journal(5);
        List<QueueDocument> documents = QueueDamage.documents(dir);
        QueueDamage.cutInside(documents.get(4), 20);

        assertThat(replay()).containsExactlyElementsOf(written.subList(0, 4));
        try (OutcomeJournal journal = OutcomeJournal.open(dir, Durability.SYNC, codec)) {
            journal.append(written.get(4));
        }
        assertThat(replay()).as("the cut stays cut once records follow it").containsExactlyElementsOf(written);
    }

    @Test
    void damageBeforeTheLastIntactRecordRefusesTheOpenNamingTheFile() {
        journal(5);
        QueueDocument second = QueueDamage.documents(dir).get(1);
        QueueDamage.overwrite(second, 30, "\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> OutcomeJournal.open(dir, Durability.SYNC, codec))
                .isInstanceOf(SpoolDamagedException.class)
                .hasMessageContaining(second.file().getFileName() + " at byte " + second.offset())
                .hasMessageContaining("sfdw spool salvage");
    }
}
