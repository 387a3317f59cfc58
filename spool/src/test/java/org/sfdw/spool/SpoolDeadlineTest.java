package org.sfdw.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.store.MovableClock;

import java.nio.file.Path;
import java.time.Duration;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A spool whose append thread is busy (here: a retention pass that waits) answers its callers within the deadline. */
class SpoolDeadlineTest {

    @TempDir
    Path dir;

    @Test
    void anAppendThatCannotRunInTimeIsRefusedConsumesNoIdAndTheNextOneWorks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        MovableClock days = new MovableClock(SpoolRetentionTest.START);
        try (Spool spool = Spool.open(dir, new Spool.Settings(Durability.SYNC, 0, Duration.ofMillis(500)), days)) {
            spool.append(new WriteRequest(WriteRequest.NO_ID, 1, "{}", "{\"output_file\": \"/a.h5\"}"));
            days.advance(86_400_000L);
            spool.append(new WriteRequest(WriteRequest.NO_ID, 1.5, "{}", "{\"output_file\": \"/b.h5\"}"));
            Thread busy = new Thread(() -> {
                try {
                    spool.deleteSettledDaysBefore(Long.MAX_VALUE, id -> {
                        entered.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return false;
                    });
                } catch (SpoolUnavailableException expected) {
                    // its own caller gave up waiting too
                }
            });
            busy.start();
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("the append thread is busy").isTrue();

            long start = System.nanoTime();
            assertThatThrownBy(() -> spool.append(new WriteRequest(WriteRequest.NO_ID, 2, "{}", "{}")))
                    .isInstanceOf(SpoolUnavailableException.class)
                    .hasMessageContaining("did not finish writing within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(spool.lastId()).as("read without waiting for the busy thread").isEqualTo(2);

            release.countDown();
            busy.join(10_000);
            WriteRequest next = spool.append(new WriteRequest(WriteRequest.NO_ID, 3, "{}", "{\"output_file\": \"/c.h5\"}"));
            assertThat(next.id()).as("the abandoned append committed nothing").isEqualTo(3);
            assertThat(spool.readAll()).extracting(WriteRequest::timestamp).containsExactly(1.0, 1.5, 3.0);
        }
        try (Spool spool = Spool.open(dir, Durability.SYNC, days)) {
            assertThat(spool.readAll()).extracting(WriteRequest::id).containsExactly(1L, 2L, 3L);
            assertThat(spool.read(3).orElseThrow().timestamp()).isEqualTo(3.0);
        }
    }

}
