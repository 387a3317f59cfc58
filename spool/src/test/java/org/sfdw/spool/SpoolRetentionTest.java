package org.sfdw.spool;

import org.sfdw.spool.store.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolRetentionTest {

    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    /** Where the test's clock starts. */
    static final long START = 1_795_000_000_000L;

    private static WriteRequest request(int n) {
        return new WriteRequest(WriteRequest.NO_ID, n, "{}", "{\"output_file\": \"/f" + n + ".h5\"}");
    }

    private long dayFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).count();
        }
    }

    @Test
    void oldDaysAreDeletedOnlyWhenPastRetentionAndEveryRequestInThemIsSettled() throws Exception {
        MovableClock time = new MovableClock(START);
        try (Spool spool = Spool.open(dir, Durability.SYNC, time)) {
            spool.appendAll(List.of(request(1), request(2)));
            time.advance(DAY);
            spool.append(request(3));
            time.advance(DAY);
            spool.append(request(4));
            assertThat(dayFiles()).isEqualTo(3);

            assertThat(spool.deleteSettledDaysBefore(time.currentTimeMillis() - DAY, id -> id != 2)).as("request 2 unsettled")
                    .isEmpty();
            assertThat(spool.deleteSettledDaysBefore(time.currentTimeMillis() - 3 * DAY, id -> true)).as("within retention")
                    .isEmpty();
            assertThat(spool.deleteSettledDaysBefore(time.currentTimeMillis(), id -> true)).as("never the newest day")
                    .containsExactly(1L, 2L, 3L);

            assertThat(dayFiles()).isEqualTo(1);
            assertThat(spool.read(2)).isEmpty();
            assertThat(spool.read(4)).isPresent();
            assertThat(spool.firstId()).isEqualTo(4);
            assertThat(spool.append(request(5)).id()).isEqualTo(5);
        }
        try (Spool spool = Spool.open(dir, Durability.SYNC, time)) {
            assertThat(spool.readAll()).extracting(WriteRequest::id).containsExactly(4L, 5L);
            assertThat(spool.append(request(6)).id()).isEqualTo(6);
        }
    }
}
