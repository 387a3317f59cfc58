package org.sfdw.ingest.delivery;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.Durability;
import org.sfdw.spool.Spool;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.spool.testing.SmallDisk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcome journal on a real 8 MiB tmpfs that fills up and is freed again. */
class OutcomeJournalDiskFullTest {

    @TempDir
    Path dir;

    private SmallDisk disk;

    @BeforeEach
    void mount() {
        disk = SmallDisk.mount(dir.resolve("disk"), 8);
    }

    @AfterEach
    void unmount() {
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void outcomesTheFullJournalCannotTakeAreKeptInOrderAndJournalledOnceThereIsRoom() {
        Path journalDir = disk.root().resolve("spool/outcomes");
        OutcomeCodec codec = new OutcomeCodec(new ObjectMapper());
        StatusIndex index = StatusIndex.open(dir.resolve("index"));
        DeliveryLedger ledger = new DeliveryLedger(index, Duration.ofSeconds(10), Duration.ofSeconds(30));
        List<Outcome> sent = new ArrayList<>();
        try (OutcomeJournal journal = OutcomeJournal.open(journalDir,
                new Spool.Settings(Durability.SYNC, 1L << 20, Duration.ofSeconds(10)), codec)) {
            OutcomeRecorder recorder = new OutcomeRecorder(journal, ledger, System::currentTimeMillis,
                    new MetricRegistry());
            record(recorder, sent, new Outcome(1, Outcome.Kind.SENT, "broker", 1, null, null, null));
            disk.fill(512 * 1024);
            record(recorder, sent, new Outcome(1, Outcome.Kind.RECEIVED, "w/1", 2, null, null, null));
            record(recorder, sent, new Outcome(1, Outcome.Kind.WRITTEN, "w/1", 3, "/data/a.h5", null, null));

            assertThat(recorder.pendingCount()).isEqualTo(2);
            assertThat(ledger.stateOf(1)).as("the broker's view is kept").isEqualTo(DeliveryState.WRITTEN);

            assertThat(recorder.checkpoint(index, index.directory())).as("no checkpoint while outcomes wait").isFalse();

            disk.free();
            recorder.flush();
            assertThat(recorder.pendingCount()).isZero();
            assertThat(ledger.standingOf(1).orElseThrow().journalIndex()).as("the written outcome has its place now")
                    .isPositive();
            assertThat(journal.read(ledger.standingOf(1).orElseThrow().journalIndex()).orElseThrow().outputFile())
                    .isEqualTo("/data/a.h5");
        }
        index.close();
        List<Outcome> replayed = new ArrayList<>();
        try (OutcomeJournal journal = OutcomeJournal.open(journalDir, Durability.SYNC, codec)) {
            journal.replayAfter(0, (at, outcome) -> replayed.add(outcome));
        }
        assertThat(replayed).containsExactlyElementsOf(sent);
    }

    private static void record(OutcomeRecorder recorder, List<Outcome> sent, Outcome outcome) {
        recorder.record(outcome);
        sent.add(outcome);
    }
}
