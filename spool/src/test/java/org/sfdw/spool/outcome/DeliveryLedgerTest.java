package org.sfdw.spool.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.Durability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryLedgerTest {

    @TempDir
    Path dir;

    private final DeliveryLedger ledger = new DeliveryLedger(Duration.ofSeconds(10), Duration.ofSeconds(30));

    private static Outcome outcome(long id, Outcome.Kind kind) {
        return Outcome.of(id, kind, "w", 0);
    }

    @Test
    void aRequestGoesFromSentThroughWritingToItsFinalOutcome() {
        ledger.apply(outcome(7, Outcome.Kind.SENT), 1_000);
        assertThat(ledger.stateOf(7)).isEqualTo(DeliveryState.FORWARDED);
        assertThat(ledger.overdue(10_999)).isEmpty();
        assertThat(ledger.overdue(11_000)).containsExactly(7L);

        ledger.apply(outcome(7, Outcome.Kind.RECEIVED), 5_000);
        assertThat(ledger.stateOf(7)).isEqualTo(DeliveryState.WRITING);
        assertThat(ledger.overdue(34_999)).as("heartbeat timeout counts from the last word").isEmpty();
        ledger.apply(outcome(7, Outcome.Kind.HEARTBEAT), 30_000);
        assertThat(ledger.overdue(59_999)).isEmpty();

        ledger.apply(new Outcome(7, Outcome.Kind.FAILED, "w", 0, "/f.h5", "/f.h5.err", "HTTP 500"), 40_000);
        assertThat(ledger.stateOf(7)).isEqualTo(DeliveryState.FAILED);
        assertThat(ledger.failureOf(7).orElseThrow().errFile()).isEqualTo("/f.h5.err");
        assertThat(ledger.overdue(Long.MAX_VALUE)).isEmpty();
        assertThat(ledger.attemptsOf(7)).isEqualTo(1);
        assertThat(ledger.stateOf(8)).isEqualTo(DeliveryState.SPOOLED);
    }

    @Test
    void theFirstFinalOutcomeStandsAndSendingsAreCounted() {
        ledger.apply(outcome(3, Outcome.Kind.SENT), 0);
        ledger.apply(outcome(3, Outcome.Kind.SENT), 100);
        ledger.apply(outcome(3, Outcome.Kind.WRITTEN), 200);
        ledger.apply(outcome(3, Outcome.Kind.FAILED), 300);
        ledger.apply(outcome(3, Outcome.Kind.SENT), 400);

        assertThat(ledger.stateOf(3)).isEqualTo(DeliveryState.WRITTEN);
        assertThat(ledger.attemptsOf(3)).isEqualTo(2);
        assertThat(ledger.inFlight()).isZero();
    }

    @Test
    void replayedFromTheJournalRequestsInFlightGetFreshTimers() {
        try (OutcomeJournal journal = OutcomeJournal.open(dir, Durability.SYNC)) {
            journal.append(outcome(1, Outcome.Kind.SENT));
            journal.append(outcome(1, Outcome.Kind.WRITTEN));
            journal.append(outcome(2, Outcome.Kind.SENT));
            journal.append(new Outcome(3, Outcome.Kind.SENT, "broker", 5, null, null, null));
            journal.append(new Outcome(3, Outcome.Kind.RECEIVED, "host/1", 6, "/x.h5", null, null));
        }
        List<Outcome> replayed = new ArrayList<>();
        try (OutcomeJournal journal = OutcomeJournal.open(dir, Durability.SYNC)) {
            journal.replay(o -> {
                replayed.add(o);
                ledger.apply(o, o.timeMillis());
            });
        }
        ledger.restartTimers(1_000_000);

        assertThat(replayed).hasSize(5);
        assertThat(replayed.get(4)).isEqualTo(new Outcome(3, Outcome.Kind.RECEIVED, "host/1", 6, "/x.h5", null, null));
        assertThat(ledger.stateOf(1)).isEqualTo(DeliveryState.WRITTEN);
        assertThat(ledger.overdue(1_009_999)).isEmpty();
        assertThat(ledger.overdue(1_010_000)).containsExactly(2L);
        assertThat(ledger.overdue(1_030_000)).containsExactly(2L, 3L);
    }

    @Test
    void outcomesRoundTripThroughTheWireCodecAndBadOnesAreNamed() {
        OutcomeCodec codec = new OutcomeCodec(new ObjectMapper());
        Outcome failed = new Outcome(5, Outcome.Kind.FAILED, "h/9", 123, "/a.h5", "/a.h5.err", "HTTP 500");

        assertThat(codec.decode(codec.encode(failed))).isEqualTo(failed);
        assertThat(new String(codec.encode(Outcome.of(1, Outcome.Kind.RECEIVED, "h/9", 2))))
                .isEqualTo("{\"request_id\":1,\"outcome\":\"received\",\"writer\":\"h/9\",\"time\":2}");
        assertThatThrownBy(() -> codec.decode("{\"request_id\":1,\"outcome\":\"eaten\"}".getBytes()))
                .hasMessageContaining("unknown outcome 'eaten'");
        assertThatThrownBy(() -> codec.decode("nope".getBytes())).hasMessageContaining("not JSON");
    }
}
