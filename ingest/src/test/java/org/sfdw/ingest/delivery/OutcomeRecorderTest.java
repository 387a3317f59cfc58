package org.sfdw.ingest.delivery;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.Durability;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeRecorderTest {

    @TempDir
    Path dir;

    @Test
    void aCheckpointIsWrittenOnlyWhenItWouldHoldSomethingNew() throws Exception {
        try (OutcomeJournal journal = OutcomeJournal.open(dir.resolve("outcomes"), Durability.NONE,
                new OutcomeCodec(new ObjectMapper()));
             StatusIndex index = StatusIndex.open(dir.resolve("index"))) {
            DeliveryLedger ledger = new DeliveryLedger(index, Duration.ofSeconds(10), Duration.ofSeconds(30));
            OutcomeRecorder recorder = new OutcomeRecorder(journal, ledger, () -> 0L, new MetricRegistry());
            Path file = index.directory().resolve("checkpoint");

            recorder.record(Outcome.of(1, Outcome.Kind.SENT, "broker", 1));
            assertThat(recorder.checkpoint(index, index.directory())).isTrue();
            FileTime first = Files.getLastModifiedTime(file);
            Files.setLastModifiedTime(file, FileTime.fromMillis(first.toMillis() - 60_000));
            FileTime aged = Files.getLastModifiedTime(file);

            recorder.record(Outcome.of(1, Outcome.Kind.HEARTBEAT, "w", 2));   // sent, not known as written: journalled
            assertThat(recorder.checkpoint(index, index.directory())).isTrue();
            assertThat(Files.getLastModifiedTime(file)).as("the heartbeat changed the state").isNotEqualTo(aged);
            Files.setLastModifiedTime(file, aged);

            recorder.record(Outcome.of(1, Outcome.Kind.HEARTBEAT, "w", 3));   // known as written: memory only
            assertThat(recorder.checkpoint(index, index.directory())).as("covered").isTrue();
            assertThat(Files.getLastModifiedTime(file)).as("nothing new: not written again").isEqualTo(aged);

            recorder.record(Outcome.of(1, Outcome.Kind.WRITTEN, "w", 4));
            assertThat(recorder.checkpoint(index, index.directory())).isTrue();
            assertThat(Files.getLastModifiedTime(file)).isNotEqualTo(aged);
            assertThat(LedgerCheckpoint.read(index.directory()).orElseThrow().open()).as("nothing in flight").isEmpty();
        }
    }
}
