package org.sfdw.ingest.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.Durability;
import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryLedgerTest {

    @TempDir
    Path dir;

    private final OutcomeCodec codec = new OutcomeCodec(new ObjectMapper());
    private OutcomeJournal journal;
    private StatusIndex index;
    private DeliveryLedger ledger;

    @BeforeEach
    void open() {
        journal = OutcomeJournal.open(dir.resolve("journal"), Durability.NONE, codec);
        index = StatusIndex.open(dir.resolve("index"));
        ledger = new DeliveryLedger(index, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        index.close();
        journal.close();
    }

    /** As the recorder does: journalled, then applied with its place in the journal. */
    private void apply(Outcome outcome, long nowMillis) {
        ledger.apply(outcome, journal.append(outcome), nowMillis);
    }

    private Optional<Outcome> finalOutcome(long id) {
        return ledger.standingOf(id).flatMap(s -> journal.read(s.journalIndex()));
    }

    private Optional<Outcome> failureOf(long id) {
        return finalOutcome(id).filter(o -> o.kind() == Outcome.Kind.FAILED);
    }

    private static Outcome outcome(long id, Outcome.Kind kind) {
        return Outcome.of(id, kind, "w", 0);
    }

    @Test
    void aRequestGoesFromSentThroughWritingToItsFinalOutcome() {
        apply(outcome(7, Outcome.Kind.SENT), 1_000);
        assertThat(ledger.stateOf(7)).isEqualTo(DeliveryState.FORWARDED);
        assertThat(ledger.overdue(10_999)).isEmpty();
        assertThat(ledger.overdue(11_000)).containsExactly(7L);

        apply(outcome(7, Outcome.Kind.RECEIVED), 5_000);
        assertThat(ledger.stateOf(7)).isEqualTo(DeliveryState.WRITING);
        assertThat(ledger.overdue(34_999)).as("heartbeat timeout counts from the last word").isEmpty();
        apply(outcome(7, Outcome.Kind.HEARTBEAT), 30_000);
        assertThat(ledger.overdue(59_999)).isEmpty();

        apply(new Outcome(7, Outcome.Kind.FAILED, "w", 0, "/f.h5", "/f.h5.err", "HTTP 500"), 40_000);
        assertThat(ledger.stateOf(7)).isEqualTo(DeliveryState.FAILED);
        assertThat(failureOf(7).orElseThrow().errFile()).isEqualTo("/f.h5.err");
        assertThat(ledger.overdue(Long.MAX_VALUE)).isEmpty();
        assertThat(ledger.attemptsOf(7)).isEqualTo(1);
        assertThat(ledger.stateOf(8)).isEqualTo(DeliveryState.SPOOLED);
    }

    @Test
    void theFirstFinalOutcomeStandsAndSendingsAreCounted() {
        apply(outcome(3, Outcome.Kind.SENT), 0);
        apply(outcome(3, Outcome.Kind.SENT), 100);
        apply(outcome(3, Outcome.Kind.WRITTEN), 200);
        apply(outcome(3, Outcome.Kind.FAILED), 300);
        apply(outcome(3, Outcome.Kind.SENT), 400);

        assertThat(ledger.stateOf(3)).isEqualTo(DeliveryState.WRITTEN);
        assertThat(ledger.attemptsOf(3)).isEqualTo(2);
        assertThat(ledger.inFlight()).isZero();
    }

    @Test
    void aFileWrittenByALaterSendingEndsARequestAnEarlierOneFailedAndAStandingDownChangesNothing() {
        apply(outcome(4, Outcome.Kind.SENT), 0);
        apply(outcome(4, Outcome.Kind.RECEIVED), 10);
        apply(outcome(4, Outcome.Kind.SUPERSEDED), 20);
        assertThat(ledger.stateOf(4)).as("the writer that stood down ends nothing").isEqualTo(DeliveryState.WRITING);
        assertThat(ledger.inFlight()).isEqualTo(1);

        apply(new Outcome(4, Outcome.Kind.FAILED, "w1", 0, "/f.h5", "/f.h5.err", "HTTP 500"), 30);
        apply(outcome(4, Outcome.Kind.WRITTEN), 40);
        assertThat(ledger.stateOf(4)).isEqualTo(DeliveryState.WRITTEN);
        assertThat(failureOf(4)).isEmpty();

        apply(new Outcome(4, Outcome.Kind.FAILED, "w1", 0, "/f.h5", "/f.h5.err", "late"), 50);
        apply(outcome(4, Outcome.Kind.SUPERSEDED), 60);
        assertThat(ledger.stateOf(4)).isEqualTo(DeliveryState.WRITTEN);
    }

    @Test
    void restartedFromTheJournalRequestsInFlightGetFreshTimersAndFinalOutcomesAreFoundByTheirPlace() {
        ChannelReport gappy = new ChannelReport("SIM:GAPPY", 10, 8, 100, 109, 1, 0, 0, 0);
        Outcome written = new Outcome(1, Outcome.Kind.WRITTEN, "host/1", 7, "/w.h5", null, null, List.of(gappy));
        journal.append(outcome(1, Outcome.Kind.SENT));
        journal.append(written);
        journal.append(outcome(2, Outcome.Kind.SENT));
        journal.append(new Outcome(3, Outcome.Kind.SENT, "broker", 5, null, null, null));
        journal.append(new Outcome(3, Outcome.Kind.RECEIVED, "host/1", 6, "/x.h5", null, null));
        journal.append(outcome(1, Outcome.Kind.SENT));   // a late redelivery does not hide the outcome
        close();
        open();

        new LedgerStart(journal, index, ledger).run();
        ledger.restartTimers(1_000_000);

        assertThat(ledger.stateOf(1)).isEqualTo(DeliveryState.WRITTEN);
        assertThat(finalOutcome(1)).contains(written);
        assertThat(finalOutcome(1).orElseThrow().report().get(0).complete()).isFalse();
        assertThat(finalOutcome(2)).isEmpty();
        assertThat(ledger.overdue(1_009_999)).isEmpty();
        assertThat(ledger.overdue(1_010_000)).containsExactly(2L);
        assertThat(ledger.overdue(1_030_000)).containsExactly(2L, 3L);
    }

    @Test
    void recordsJournalledBeforeReportsExistedStillReplay() {
        close();
        Path old = dir.resolve("journal");
        // The layout of a journal record before the report field was added.
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.single(old.toFile()).build();
             ExcerptAppender appender = queue.createAppender()) {
            appender.writeDocument(w -> w.write("request_id").int64(9).write("kind").text("WRITTEN")
                    .write("writer").text("host/2").write("time").int64(11).write("output_file").text("/old.h5")
                    .write("err_file").text((String) null).write("error").text((String) null));
        }
        open();
        new LedgerStart(journal, index, ledger).run();
        assertThat(finalOutcome(9)).contains(new Outcome(9, Outcome.Kind.WRITTEN, "host/2", 11, "/old.h5", null, null));
    }

    @Test
    void outcomesRoundTripThroughTheWireCodecAndBadOnesAreNamed() {
        Outcome failed = new Outcome(5, Outcome.Kind.FAILED, "h/9", 123, "/a.h5", "/a.h5.err", "HTTP 500");

        assertThat(codec.decode(codec.encode(failed))).isEqualTo(failed);
        assertThat(new String(codec.encode(Outcome.of(1, Outcome.Kind.RECEIVED, "h/9", 2))))
                .isEqualTo("{\"request_id\":1,\"outcome\":\"received\",\"writer\":\"h/9\",\"time\":2}");
        assertThatThrownBy(() -> codec.decode("{\"request_id\":1,\"outcome\":\"eaten\"}".getBytes()))
                .hasMessageContaining("unknown outcome 'eaten'");
        assertThatThrownBy(() -> codec.decode("nope".getBytes())).hasMessageContaining("not JSON");

        ChannelReport report = new ChannelReport("C", 5, 4, 10, 14, 1, 1, 0, 0);
        Outcome written = new Outcome(6, Outcome.Kind.WRITTEN, "h/9", 3, "/b.h5", null, null, List.of(report));
        assertThat(codec.decode(codec.encode(written))).isEqualTo(written);
        assertThat(new String(codec.encode(written))).contains("\"report\":[{\"channel\":\"C\",\"expected_pulses\":5,"
                + "\"present_pulses\":4,\"first_pulse_id\":10,\"last_pulse_id\":14,\"pulse_id_step\":1,"
                + "\"duplicate_pulse_ids\":1,\"non_monotonic_pulse_ids\":0,\"pulses_outside_range\":0,"
                + "\"absent\":false,\"complete\":false}]");
        Outcome absent = new Outcome(7, Outcome.Kind.WRITTEN, "h/9", 3, "/b.h5", null, null,
                List.of(ChannelReport.absent("GONE", 10)));
        assertThat(codec.decode(codec.encode(absent))).isEqualTo(absent);
        assertThat(codec.decode(("{\"request_id\":1,\"outcome\":\"written\",\"report\":[{\"channel\":\"C\","
                + "\"expected_pulses\":5,\"present_pulses\":5}]}").getBytes()).report().get(0).absent())
                .as("a report from before absent channels were reported").isFalse();
        assertThatThrownBy(() -> codec.decode("{\"request_id\":1,\"outcome\":\"written\",\"report\":{}}".getBytes()))
                .hasMessageContaining("report is not a list");
    }
}
