package org.sfdw.ingest.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal of settled notifications across reopenings: what it keeps, what a crash leaves, what it drops. */
class NotificationJournalTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private NotificationJournal open(long firstKept) {
        return NotificationJournal.open(dir.resolve("notifications/epics_writer.jsonl"), "epics_writer", MAPPER,
                firstKept, 1);
    }

    private static NotificationState state(String state, int attempts, String error, long at) {
        return new NotificationState("epics_writer", state, attempts, error, at);
    }

    @Test
    void everyStateSurvivesAReopenAndAReSentOneReplacesItsFailure() throws Exception {
        try (NotificationJournal journal = open(1)) {
            assertThat(journal.isNew()).isTrue();
            for (long id = 1; id <= 3000; id++) {
                journal.settle(id, id == 500 ? state(NotificationState.FAILED, 7, "HTTP 503 busy", id)
                        : state(NotificationState.DELIVERED, 1 + (int) (id % 3), null, id * 10));
            }
        }
        try (NotificationJournal journal = open(1)) {
            assertThat(journal.isNew()).isFalse();
            assertThat(journal.state(7)).hasValue(state(NotificationState.DELIVERED, 2, null, 70));
            assertThat(journal.state(500)).hasValue(state(NotificationState.FAILED, 7, "HTTP 503 busy", 500));
            assertThat(journal.state(3001)).isEmpty();
            assertThat(journal.unresolvedCount()).isEqualTo(1);
            assertThat(journal.unresolved(1, 3000)).containsExactly(500L);

            journal.settle(500, state(NotificationState.DELIVERED, 8, null, 9999));
            assertThat(journal.unresolvedCount()).isZero();
        }
        Path file = dir.resolve("notifications/epics_writer.jsonl");
        java.util.List<String> before = Files.readAllLines(file);
        try (NotificationJournal journal = open(1)) {
            assertThat(Files.readAllLines(file)).as("a whole journal is read, not copied").isEqualTo(before)
                    .hasSize(3002);
            assertThat(journal.state(500)).hasValue(state(NotificationState.DELIVERED, 8, null, 9999));
            assertThat(journal.state(2999)).hasValue(state(NotificationState.DELIVERED, 3, null, 29990));
            assertThat(journal.unresolved(1, 3000)).isEmpty();
        }
    }

    @Test
    void aLineCutByACrashIsDroppedAndRequestsThatLeftTheSpoolAreForgotten() throws Exception {
        try (NotificationJournal journal = open(1)) {
            journal.settle(1, state(NotificationState.DELIVERED, 1, null, 1));
            journal.settle(2, state(NotificationState.REFUSED, 1, "HTTP 400", 2));
            journal.settle(3, state(NotificationState.DELIVERED, 1, null, 3));
        }
        Path file = dir.resolve("notifications/epics_writer.jsonl");
        Files.writeString(file, "{\"id\": 4, \"state\": \"deliv", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (NotificationJournal journal = open(3)) {
            assertThat(journal.from()).as("where telling began stays").isEqualTo(1);
            assertThat(journal.state(4)).as("the cut line: sent again").isEmpty();
            assertThat(journal.state(1)).as("left the spool").isEmpty();
            assertThat(journal.state(2)).isEmpty();
            assertThat(journal.unresolvedCount()).isZero();
            assertThat(journal.state(3)).hasValue(state(NotificationState.DELIVERED, 1, null, 3));
        }
        assertThat(Files.readAllLines(file)).as("rewritten whole").containsExactly("{\"from\":1}",
                "{\"id\":3,\"state\":\"delivered\",\"attempts\":1,\"last_error\":null,\"at\":3}");
    }
}
