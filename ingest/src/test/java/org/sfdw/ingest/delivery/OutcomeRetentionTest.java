package org.sfdw.ingest.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.Durability;
import org.sfdw.spool.Spool;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.spool.store.MovableClock;
import org.sfdw.spool.store.QueueFileScanner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Outcomes go with their requests: a journal day only once every request it mentions has left the spool. */
class OutcomeRetentionTest {

    private static final long DAY = 86_400_000L;
    private static final long START = 1_795_000_000_000L;

    @TempDir
    Path dir;

    private final OutcomeCodec codec = new OutcomeCodec(new ObjectMapper());

    private Path journalDir() {
        return dir.resolve("outcomes");
    }

    /** Day 0: requests 1..3 written; day 1: 4..6 written and a late second writing of 2; day 2: 7, 8 written, 9 sent. */
    private void threeDays() {
        MovableClock clock = new MovableClock(START);
        try (OutcomeJournal journal = OutcomeJournal.open(journalDir(), Spool.Settings.of(Durability.SYNC), codec,
                clock)) {
            for (int day = 0; day < 3; day++) {
                clock.set(START + day * DAY);
                for (long id = 3L * day + 1; id <= 3L * day + 3; id++) {
                    journal.append(Outcome.of(id, Outcome.Kind.SENT, "broker", clock.currentTimeMillis()));
                    if (id != 9) {
                        journal.append(new Outcome(id, Outcome.Kind.WRITTEN, "w", clock.currentTimeMillis() + 1,
                                "/d/" + id + ".h5", null, null));
                    }
                }
                if (day == 1) {
                    journal.append(new Outcome(2, Outcome.Kind.WRITTEN, "w2", clock.currentTimeMillis() + 2,
                            "/d/2.h5", null, null));
                }
            }
        }
    }

    @Test
    void aJournalDayGoesOnlyWhenItIsPastTheCutoffAndEveryRequestInItLeftTheSpool() {
        threeDays();
        assertThat(QueueFileScanner.cycleFiles(journalDir())).hasSize(3);
        try (OutcomeJournal journal = OutcomeJournal.open(journalDir(), Durability.SYNC, codec)) {
            assertThat(journal.deleteDaysBefore(START, 100)).as("nothing is past the cutoff").isZero();
            assertThat(journal.deleteDaysBefore(START + 3 * DAY, 3)).as("request 3 is still in the spool").isZero();
            assertThat(journal.deleteDaysBefore(START + 3 * DAY, 4)).as("day 0 only: day 1 mentions 4..6").isEqualTo(1);
            assertThat(journal.deleteDaysBefore(START + 3 * DAY, 6)).as("6 is still in the spool").isZero();
            assertThat(journal.deleteDaysBefore(START + 3 * DAY, 100)).as("never the newest day").isEqualTo(1);
            assertThat(QueueFileScanner.cycleFiles(journalDir())).hasSize(1);
        }

        try (OutcomeJournal journal = OutcomeJournal.open(journalDir(), Durability.SYNC, codec);
             StatusIndex index = StatusIndex.open(journalDir().resolve(DeliveryTracking.INDEX_DIRECTORY))) {
            DeliveryLedger ledger = new DeliveryLedger(index, Duration.ofSeconds(10), Duration.ofSeconds(30));
            new LedgerStart(journal, index, ledger).run();
            assertThat(ledger.stateOf(7)).isEqualTo(DeliveryState.WRITTEN);
            assertThat(ledger.stateOf(8)).isEqualTo(DeliveryState.WRITTEN);
            assertThat(ledger.stateOf(9)).as("still on its way: its day stays").isEqualTo(DeliveryState.FORWARDED);
            List<Long> left = new ArrayList<>();
            journal.replayAfter(0, (at, outcome) -> left.add(outcome.requestId()));
            assertThat(left).containsExactly(7L, 7L, 8L, 8L, 9L);
        }
    }

    @Test
    void statusIndexSegmentsGoOnceAllTheirIdsLeftTheSpool() {
        long beyond = StatusIndex.IDS_PER_SEGMENT + 5;
        try (StatusIndex index = StatusIndex.open(dir.resolve("index"))) {
            index.put(5, new StatusIndex.Entry(DeliveryState.WRITTEN, 1, 77));
            index.put(beyond, new StatusIndex.Entry(DeliveryState.FAILED, 3, 99));

            assertThat(index.dropBelow(StatusIndex.IDS_PER_SEGMENT - 1)).as("id 65535 is still held").isZero();
            assertThat(index.dropBelow(StatusIndex.IDS_PER_SEGMENT)).isEqualTo(1);
            assertThat(index.get(5)).isEqualTo(StatusIndex.Entry.NONE);
            assertThat(index.get(beyond)).isEqualTo(new StatusIndex.Entry(DeliveryState.FAILED, 3, 99));
        }
        try (StatusIndex index = StatusIndex.open(dir.resolve("index"))) {
            assertThat(index.get(beyond)).as("on disk").isEqualTo(new StatusIndex.Entry(DeliveryState.FAILED, 3, 99));
        }
    }
}
