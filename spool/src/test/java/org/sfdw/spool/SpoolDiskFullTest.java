package org.sfdw.spool;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.store.SpoolFullException;
import org.sfdw.spool.testing.SmallDisk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spool on a real 8 MiB tmpfs that fills up and is freed again. */
class SpoolDiskFullTest {

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

    private static WriteRequest request(int n) {
        return new WriteRequest(WriteRequest.NO_ID, n, "{\"range\": {\"startPulseId\": " + n + "}}",
                "{\"output_file\": \"/data/run_" + n + ".h5\", \"pad\": \"" + "x".repeat(900) + "\"}");
    }

    @Test
    void belowTheReserveAppendsAreRefusedAndNothingIsConsumed() {
        Path spoolDir = disk.root().resolve("spool");
        try (Spool spool = Spool.open(spoolDir, new Spool.Settings(Durability.SYNC, 2L << 20, Duration.ofSeconds(10)))) {
            spool.appendAll(List.of(request(1), request(2), request(3)));
            disk.fill(1L << 20);

            assertThatThrownBy(() -> spool.append(request(4))).isInstanceOf(SpoolFullException.class)
                    .hasMessageContaining("below the reserve").hasMessageContaining(spoolDir.toString());
            assertThat(spool.lastId()).isEqualTo(3);
            assertThat(spool.reserve().hasRoom(spoolDir)).isFalse();

            disk.free();
            assertThat(spool.append(request(5)).id()).isEqualTo(4);
        }
        try (Spool spool = Spool.open(spoolDir, Durability.SYNC)) {
            assertThat(spool.readAll()).extracting(WriteRequest::parameters).containsExactly(request(1).parameters(),
                    request(2).parameters(), request(3).parameters(), request(5).parameters());
        }
    }

    @Test
    void aDiskFilledToTheLastByteRefusesAppendsCleanlyInsteadOfFaultingAndTheyResumeWhenFreed() {
        Path spoolDir = disk.root().resolve("spool");
        List<Long> acknowledged = new ArrayList<>();
        try (Spool spool = Spool.open(spoolDir, new Spool.Settings(Durability.SYNC, 0, Duration.ofSeconds(10)))) {
            acknowledged.add(spool.append(request(0)).id());
            disk.fill(0);
            SpoolFullException refused = null;
            for (int i = 1; i <= 20_000 && refused == null; i++) {
                try {
                    acknowledged.add(spool.append(request(i)).id());
                } catch (SpoolFullException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("the disk filled up: an append was refused (before: SIGBUS, a crashed JVM)")
                    .isNotNull();
            assertThat(refused.getMessage()).contains("disk has no room for");
            long last = spool.lastId();
            assertThat(last).isEqualTo(acknowledged.get(acknowledged.size() - 1));
            assertThatThrownBy(() -> spool.append(request(1))).isInstanceOf(SpoolFullException.class);

            disk.free();
            assertThat(spool.append(request(99_999)).id()).isEqualTo(last + 1);
            acknowledged.add(last + 1);
        }
        try (Spool spool = Spool.open(spoolDir, Durability.SYNC)) {
            assertThat(spool.readAll()).extracting(WriteRequest::id).containsExactlyElementsOf(acknowledged);
        }
    }
}
