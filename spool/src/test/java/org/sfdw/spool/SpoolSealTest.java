package org.sfdw.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.store.FileSeal;
import org.sfdw.spool.store.MovableClock;
import org.sfdw.spool.store.QueueDocument;
import org.sfdw.spool.store.QueueFileScanner;
import org.sfdw.spool.testing.QueueDamage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Closed daily files are sealed once checked; a start takes them as they were unless they changed. */
class SpoolSealTest {

    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    private Path spoolDir() {
        return dir.resolve("spool");
    }

    private static WriteRequest request(int n) {
        return new WriteRequest(WriteRequest.NO_ID, 1_700_000_000 + n, "{\"range\": {\"startPulseId\": " + n + "}}",
                "{\"output_file\": \"/data/run_" + n + ".h5\", \"general/user\": \"" + "p12345".repeat(20) + "\"}");
    }

    /** Three days of requests 1..3, 4..6, 7..9; the first two days' files closed. */
    private List<Path> threeDays() {
        MovableClock days = new MovableClock(SpoolRetentionTest.START);
        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC, days)) {
            for (int day = 0; day < 3; day++) {
                spool.appendAll(List.of(request(3 * day + 1), request(3 * day + 2), request(3 * day + 3)));
                days.advance(DAY);
            }
            assertThat(spool.sealClosedFiles()).as("the two closed days").isEqualTo(2);
        }
        return QueueFileScanner.cycleFiles(spoolDir());
    }

    @Test
    void aStartOnSealedFilesSeesEveryRequestAsReadingThemDoes() {
        List<Path> files = threeDays();
        assertThat(files).hasSize(3);
        assertThat(FileSeal.exists(files.get(0))).isTrue();
        assertThat(FileSeal.exists(files.get(1))).isTrue();
        assertThat(FileSeal.exists(files.get(2))).as("the newest file takes appends: never sealed").isFalse();

        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            assertThat(spool.readAll()).extracting(WriteRequest::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(spool.read(5).orElseThrow().parameters()).isEqualTo(request(5).parameters());
            assertThat(spool.firstIdSpooledAtOrAfter(SpoolRetentionTest.START + DAY)).isEqualTo(4);
            assertThat(spool.append(request(10)).id()).isEqualTo(10);
        }
    }

    @Test
    void aSealedFileChangedAfterwardsIsCheckedAgainAndItsDamageRefusesTheStart() throws Exception {
        threeDays();
        QueueDocument fifth = QueueDamage.documents(spoolDir()).get(4);
        assertThat(fifth.file()).isEqualTo(QueueFileScanner.cycleFiles(spoolDir()).get(1));
        QueueDamage.overwrite(fifth, 40, "#".repeat(8).getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> Spool.open(spoolDir(), Durability.SYNC)).isInstanceOf(SpoolDamagedException.class)
                .hasMessageContaining("at byte " + fifth.offset());
    }

    @Test
    void damageThatKeepsTheFilesSizeAndTimeIsFoundByTheChecksumOnReadingAndByVerify() throws Exception {
        threeDays();
        QueueDocument fifth = QueueDamage.documents(spoolDir()).get(4);
        var time = Files.getLastModifiedTime(fifth.file());
        QueueDamage.overwrite(fifth, 40, "#".repeat(8).getBytes(StandardCharsets.US_ASCII));
        Files.setLastModifiedTime(fifth.file(), time);   // a failing disk, not a write

        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            assertThatThrownBy(() -> spool.read(5)).isInstanceOf(org.sfdw.spool.store.DamagedRecordException.class);
            assertThat(spool.read(4)).isPresent();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int problems = new SpoolVerification(SpoolCompanion.NONE).verify(spoolDir(),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
        assertThat(problems).as("the damaged record, and request 5 missing with it").isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("at byte " + fifth.offset())
                .contains("missing spool requests 5:");
    }

    @Test
    void aDamagedSealIsIgnoredAndTheFileReadAgain() throws Exception {
        List<Path> files = threeDays();
        Path seal = files.get(0).resolveSibling(FileSeal.DIRECTORY).resolve(files.get(0).getFileName() + ".seal");
        byte[] bytes = Files.readAllBytes(seal);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(seal, bytes);

        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            assertThat(spool.readAll()).extracting(WriteRequest::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        }
        assertThat(FileSeal.read(files.get(0))).as("sealed again by that start").isPresent();
    }
}
