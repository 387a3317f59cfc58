package org.sfdw.ingest.delivery;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.sfdw.spool.Durability;
import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker killed at any point (its objects dropped without a close or a last checkpoint, which leaves the journal
 * and the mapped status index as a kill -9 does: in the page cache) and started again has every request where it
 * was: the same status, attempts and final outcome, both as the live ledger had them and as a plain model of the
 * rules says. Checkpoints fall at random points in between.
 */
class DeliveryRestartPropertiesTest {

    private static final int REQUESTS = 6;
    private final OutcomeCodec codec = new OutcomeCodec(new ObjectMapper());

    /** One outcome, or (kind null) a checkpoint. */
    private record Event(long id, Outcome.Kind kind, int variant) {
    }

    /** The rules in plain form: what each request's status must be after these outcomes. */
    private static final class Model {
        final Map<Long, DeliveryState> state = new HashMap<>();
        final Map<Long, Integer> attempts = new HashMap<>();
        final Map<Long, Outcome> standing = new HashMap<>();

        void apply(Outcome o) {
            long id = o.requestId();
            DeliveryState now = state.getOrDefault(id, DeliveryState.SPOOLED);
            switch (o.kind()) {
                case SENT -> {
                    if (!now.isFinal()) {
                        state.put(id, DeliveryState.FORWARDED);
                        attempts.merge(id, 1, Integer::sum);
                    }
                }
                case RECEIVED, HEARTBEAT -> {
                    if (!now.isFinal()) {
                        state.put(id, DeliveryState.WRITING);
                    }
                }
                case WRITTEN, FAILED, SKIPPED -> {
                    boolean later = o.kind() == Outcome.Kind.WRITTEN
                            && (now == DeliveryState.FAILED || now == DeliveryState.WRITTEN);
                    if (!now.isFinal() || later) {
                        state.put(id, DeliveryState.valueOf(o.kind().name()));
                        standing.put(id, o);
                    }
                }
                case SUPERSEDED -> {
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Event>> histories() {
        Arbitrary<Outcome.Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.just(Outcome.Kind.SENT)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Outcome.Kind.RECEIVED)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Outcome.Kind.HEARTBEAT)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Outcome.Kind.WRITTEN)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Outcome.Kind.FAILED)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Outcome.Kind.SKIPPED)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Outcome.Kind.SUPERSEDED)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just((Outcome.Kind) null)));
        return Combinators.combine(Arbitraries.longs().between(1, REQUESTS), kinds, Arbitraries.integers().between(0, 2))
                .as(Event::new).list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 150)
    void aRestartAfterAKillAtAnyPointKeepsEveryStatus(@ForAll("histories") List<Event> history,
                                                      @ForAll @IntRange(min = 0, max = 100) int killAtPercent)
            throws IOException {
        Path dir = Files.createTempDirectory("restart-property");
        try {
            int killAt = history.size() * killAtPercent / 100;
            Model model = new Model();
            Broker before = Broker.start(dir, codec);
            long time = 1_000;
            for (Event event : history.subList(0, killAt)) {
                time += 10;
                if (event.kind() == null) {
                    before.recorder.checkpoint(before.index, before.index.directory());
                    continue;
                }
                Outcome outcome = outcome(event, time);
                before.recorder.record(outcome);
                model.apply(outcome);
            }
            // kill -9: nothing closed, no last checkpoint
            Broker after = Broker.start(dir, codec);
            for (long id = 1; id <= REQUESTS + 1; id++) {
                DeliveryState expected = model.state.getOrDefault(id, DeliveryState.SPOOLED);
                assertThat(before.ledger.stateOf(id)).as("live state of %d", id).isEqualTo(expected);
                assertThat(after.ledger.stateOf(id)).as("state of %d after the restart", id).isEqualTo(expected);
                assertThat(after.ledger.attemptsOf(id)).as("attempts of %d", id)
                        .isEqualTo(model.attempts.getOrDefault(id, 0));
                assertThat(after.standing(id)).as("final outcome of %d", id)
                        .isEqualTo(Optional.ofNullable(model.standing.get(id)));
                assertThat(after.ledger.overdue(Long.MAX_VALUE).contains(id)).as("%d in flight", id)
                        .isEqualTo(expected == DeliveryState.FORWARDED || expected == DeliveryState.WRITING);
            }
            after.close();
            before.close();
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Outcome outcome(Event event, long time) {
        return switch (event.kind()) {
            case WRITTEN -> new Outcome(event.id(), event.kind(), "w" + event.variant(), time, "/d/f" + event.id()
                    + ".h5", null, event.variant() == 2 ? "note" : null,
                    List.of(new ChannelReport("C", 10, 9 + event.variant() % 2, 1, 10, 1, 0, 0, 0)));
            case FAILED -> new Outcome(event.id(), event.kind(), "w" + event.variant(), time, "/d/f" + event.id()
                    + ".h5", "/d/f" + event.id() + ".h5.err", "HTTP 50" + event.variant());
            default -> Outcome.of(event.id(), event.kind(), event.kind() == Outcome.Kind.SENT ? "broker"
                    : "w" + event.variant(), time);
        };
    }

    /** The broker's delivery state as {@link DeliveryTracking} opens it, without its sockets. */
    private record Broker(OutcomeJournal journal, StatusIndex index, DeliveryLedger ledger, OutcomeRecorder recorder) {
        static Broker start(Path dir, OutcomeCodec codec) {
            OutcomeJournal journal = OutcomeJournal.open(dir.resolve("outcomes"), Durability.NONE, codec);
            StatusIndex index = StatusIndex.open(dir.resolve("outcomes").resolve(DeliveryTracking.INDEX_DIRECTORY));
            DeliveryLedger ledger = new DeliveryLedger(index, Duration.ofSeconds(10), Duration.ofSeconds(30));
            new LedgerStart(journal, index, ledger).run();
            return new Broker(journal, index, ledger, new OutcomeRecorder(journal, ledger, () -> 0L,
                    new MetricRegistry()));
        }

        Optional<Outcome> standing(long id) {
            return ledger.standingOf(id).flatMap(s -> s.unjournalled().isPresent() ? s.unjournalled()
                    : journal.read(s.journalIndex()));
        }

        void close() {
            index.close();
            journal.close();
        }
    }
}
