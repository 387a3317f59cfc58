package org.sfdw.spool;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.store.MovableClock;
import org.sfdw.spool.store.CutList;
import org.sfdw.spool.store.DamagedRecordException;
import org.sfdw.spool.store.QueueDocument;
import org.sfdw.spool.store.QueueFileScanner;
import org.sfdw.spool.store.SpoolLock;
import org.sfdw.spool.testing.QueueDamage;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Damaged spools as disks, crashes and people leave them: refused when acknowledged data is hit, repaired when not. */
class SpoolDamageTest {

    @TempDir
    Path dir;

    private Path spoolDir() {
        return dir.resolve("spool");
    }

    private static WriteRequest request(int n) {
        return new WriteRequest(WriteRequest.NO_ID, 1_700_000_000 + n, "{\"range\": {\"startPulseId\": " + n + "}}",
                "{\"output_file\": \"/data/run_" + n + ".h5\", \"general/user\": \"" + "p12345".repeat(20) + "\"}");
    }

    private void spoolRequests(int count) {
        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            for (int i = 1; i <= count; i++) {
                spool.append(request(i));
            }
        }
    }

    private QueueDocument documentOf(long id) {
        return QueueDamage.documents(spoolDir()).get((int) id - 1);
    }

    @Test
    void aChangedByteInAnOutputFileNameIsCaughtByTheChecksum() {
        spoolRequests(5);
        QueueDocument third = documentOf(3);
        String text = new String(third.content(), StandardCharsets.ISO_8859_1);
        QueueDamage.overwrite(third, text.indexOf("run_3") + 4, new byte[]{'9'});

        assertThatThrownBy(() -> Spool.open(spoolDir(), Durability.SYNC))
                .isInstanceOf(SpoolDamagedException.class)
                .hasMessageContaining(third.file().getFileName() + " at byte " + third.offset())
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("it reads as request 3")
                .hasMessageContaining("sfdw spool salvage --spool " + spoolDir());
        try (Spool reading = Spool.openForReading(spoolDir())) {
            assertThat(reading.read(2).orElseThrow().parameters()).contains("run_2.h5");
            assertThat(reading.read(3)).as("a damaged record is no request").isEmpty();
        }
        assertThat(verify()).contains("damaged spool").contains("checksum mismatch").contains("request 3")
                .contains("inside acknowledged data");
    }

    @Test
    void aRecordDamagedWhileTheSpoolIsOpenIsReportedOnReadingNotServed() {
        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            spool.appendAll(List.of(request(1), request(2)));
            QueueDocument second = documentOf(2);
            QueueDamage.overwrite(second, 100, "#".repeat(64).getBytes(StandardCharsets.US_ASCII));

            assertThat(spool.read(1)).isPresent();
            assertThatThrownBy(() -> spool.read(2)).isInstanceOf(DamagedRecordException.class)
                    .hasMessageContaining("is damaged").hasMessageContaining("checksum mismatch")
                    .hasMessageContaining("sfdw spool verify");
            assertThat(spool.newestFirst(10, r -> true)).extracting(WriteRequest::id).containsExactly(1L);
        }
    }

    @Test
    void sixtyFourBytesOverwrittenInsideARecordRefuseTheStartAndSalvageSavesTheRest() throws Exception {
        spoolRequests(10);
        QueueDocument fourth = documentOf(4);
        QueueDamage.overwrite(fourth, 120, "#".repeat(64).getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> Spool.open(spoolDir(), Durability.SYNC)).isInstanceOf(SpoolDamagedException.class)
                .hasMessageContaining("at byte " + fourth.offset());

        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        SpoolSalvage.Summary summary = new SpoolSalvage(SpoolCompanion.NONE, ZoneId.of("UTC")).salvage(spoolDir(), dir.resolve("copy"), OptionalLong.empty(),
                new PrintStream(lines, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));

        assertThat(summary.saved()).isEqualTo(9);
        assertThat(summary.lost()).isEqualTo(1);
        assertThat(summary.listed()).as("the damaged record still reads: it is listed as an audit line").isEqualTo(1);
        WriteRequest listed = AuditLine.parse(lines.toString(StandardCharsets.UTF_8).strip(),
                new com.fasterxml.jackson.databind.ObjectMapper());
        assertThat(listed.dataApiRequest()).isEqualTo(request(4).dataApiRequest());
        try (Spool copy = Spool.open(dir.resolve("copy"), Durability.SYNC)) {
            assertThat(copy.readAll()).extracting(WriteRequest::id).containsExactly(1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(copy.read(7).orElseThrow().parameters()).isEqualTo(request(7).parameters());
            assertThat(copy.read(4)).isEmpty();
            assertThat(copy.append(request(11)).id()).as("no id is issued twice").isEqualTo(11);
        }
    }

    @Test
    void aFileCutInsideTheLastAcknowledgedRecordRefusesTheStartAndItsIdIsNeverIssuedAgain() {
        spoolRequests(5);
        QueueDocument last = documentOf(5);
        QueueDamage.cutInside(last, 30);

        assertThatThrownBy(() -> Spool.open(spoolDir(), Durability.SYNC)).isInstanceOf(SpoolDamagedException.class)
                .hasMessageContaining("the file ends inside it").hasMessageContaining("at byte " + last.offset());
        assertThatThrownBy(() -> Spool.openForReading(spoolDir())).isInstanceOf(SpoolDamagedException.class)
                .hasMessageContaining("sfdw spool verify");

        salvageQuietly(dir.resolve("copy"));
        try (Spool copy = Spool.open(dir.resolve("copy"), Durability.SYNC)) {
            assertThat(copy.readAll()).extracting(WriteRequest::id).containsExactly(1L, 2L, 3L, 4L);
            assertThat(copy.lastId()).isEqualTo(5);
            assertThat(copy.append(request(6)).id()).isEqualTo(6);
        }
        try (Spool again = Spool.open(dir.resolve("copy"), Durability.SYNC)) {
            assertThat(again.readAll()).extracting(WriteRequest::id).containsExactly(1L, 2L, 3L, 4L, 6L);
        }
    }

    @Test
    void aTornRecordThatWasNeverAcknowledgedIsCutAwayAndItsIdIsUsedForTheNextRequest() {
        spoolRequests(3);
        appendBehindTheSpoolsBack(SpoolRecords.encode(request(4).withId(4), 1), 40);

        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            assertThat(spool.lastId()).isEqualTo(3);
            assertThat(CutList.read(spoolDir()).size()).isEqualTo(1);
            assertThat(spool.append(request(9)).id()).isEqualTo(4);
        }
        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            assertThat(spool.readAll()).extracting(WriteRequest::id).containsExactly(1L, 2L, 3L, 4L);
            assertThat(spool.read(4).orElseThrow().parameters()).isEqualTo(request(9).parameters());
        }
        assertThat(verify()).isEmpty();
    }

    @Test
    void aWholeRecordThatWasNeverAcknowledgedIsNotLiveAndItsIdIsUsedAgain() {
        spoolRequests(3);
        appendBehindTheSpoolsBack(SpoolRecords.encode(request(4).withId(4), 1), -1);

        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            assertThat(spool.lastId()).isEqualTo(3);
            assertThat(spool.readAll()).hasSize(3);
            try (SpoolTailer tailer = spool.namedTailer("t")) {
                for (int i = 0; i < 3; i++) {
                    assertThat(tailer.offerNext(r -> true)).isEqualTo(SpoolTailer.Offer.TAKEN);
                }
                assertThat(tailer.offerNext(r -> true)).as("the unacknowledged record is not offered")
                        .isEqualTo(SpoolTailer.Offer.NOTHING_NEW);
                WriteRequest fourth = spool.append(request(8));
                long[] offered = {0};
                assertThat(tailer.offerNext(r -> {
                    offered[0] = r.id();
                    return r.parameters().equals(request(8).parameters());
                })).isEqualTo(SpoolTailer.Offer.TAKEN);
                assertThat(offered[0]).isEqualTo(fourth.id()).isEqualTo(4);
            }
        }
        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            assertThat(spool.readAll()).extracting(r -> r.parameters()).containsExactly(request(1).parameters(),
                    request(2).parameters(), request(3).parameters(), request(8).parameters());
        }
    }

    @Test
    void anEmptyNewestCycleFileAfterTheAcknowledgedDataIsMovedAside() throws Exception {
        spoolRequests(2);
        Path empty = Files.createFile(spoolDir().resolve("29991231F.cq4"));

        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            assertThat(empty).doesNotExist();
            assertThat(spoolDir().resolve(Spool.DAMAGED_DIRECTORY)).isDirectoryContaining(
                    p -> p.getFileName().toString().startsWith("29991231F.cq4."));
            assertThat(spool.append(request(3)).id()).isEqualTo(3);
        }
    }

    @Test
    void anEmptyCycleFileThatHeldAcknowledgedRequestsRefusesTheStart() {
        MovableClock days = new MovableClock(SpoolRetentionTest.START);
        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC, days)) {
            spool.appendAll(List.of(request(1), request(2), request(3)));
            days.advance(86_400_000L);
            spool.appendAll(List.of(request(4), request(5)));
        }
        QueueDamage.truncate(QueueDamage.newestFile(spoolDir()), 0);

        assertThatThrownBy(() -> Spool.open(spoolDir(), Durability.SYNC)).isInstanceOf(SpoolDamagedException.class)
                .hasMessageContaining("the file is empty (0 bytes)").hasMessageContaining("requests missing: 4..5");
        salvageQuietly(dir.resolve("copy"));
        assertThat(QueueFileScanner.cycleFiles(dir.resolve("copy"))).as("requests stay in the day they were spooled")
                .extracting(QueueFileScanner::cycleOf)
                .containsExactly((int) java.util.concurrent.TimeUnit.MILLISECONDS.toDays(SpoolRetentionTest.START));
        try (Spool copy = Spool.open(dir.resolve("copy"), Durability.SYNC)) {
            assertThat(copy.readAll()).extracting(WriteRequest::id).containsExactly(1L, 2L, 3L);
            assertThat(copy.append(request(6)).id()).as("4 and 5 were acknowledged: never issued again").isEqualTo(6);
        }
    }

    @Test
    void aLostMarkIsRebuiltFromTheSpoolAndRecordsWrittenBeforeChecksumsStillRead() {
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.single(spoolDir().toFile())
                .rollCycle(QueueFileScanner.ROLL_CYCLE).build(); ExcerptAppender appender = queue.createAppender()) {
            for (long id = 1; id <= 3; id++) {
                WriteRequest old = request((int) id).withId(id);
                appender.writeDocument(w -> w.write("id").int64(old.id()).write("spooled_at").int64(1_700_000_000_000L)
                        .write("timestamp").float64(old.timestamp()).write("data_api_request").text(old.dataApiRequest())
                        .write("parameters").text(old.parameters()).write("rerun_of").int64(0));
            }
        }
        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            assertThat(spool.readAll()).extracting(WriteRequest::parameters).containsExactly(request(1).parameters(),
                    request(2).parameters(), request(3).parameters());
            assertThat(spool.append(request(4)).id()).isEqualTo(4);
        }
        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            assertThat(spool.readAll()).hasSize(4);
        }
    }

    @Test
    void aSecondWriterIsRefusedAndNamesTheHolder() {
        try (Spool spool = Spool.open(spoolDir(), Durability.SYNC)) {
            assertThatThrownBy(() -> Spool.open(spoolDir(), Durability.SYNC))
                    .isInstanceOf(SpoolLock.SpoolLockedException.class)
                    .hasMessageContaining("already open for writing in this process")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            try (Spool reading = Spool.openForReading(spoolDir())) {
                assertThat(reading.lastId()).isEqualTo(spool.lastId());
            }
        }
    }

    /**
     * Appends a record straight into the queue, as a broker that died before acknowledging it leaves it; with
     * {@code keep} at or above 0 only that many of its bytes reached the disk, zeros the rest.
     */
    private void appendBehindTheSpoolsBack(byte[] record, int keep) {
        byte[] written = keep < 0 ? record : java.util.Arrays.copyOf(java.util.Arrays.copyOf(record, keep),
                record.length);
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.single(spoolDir().toFile())
                .rollCycle(QueueFileScanner.ROLL_CYCLE).build(); ExcerptAppender appender = queue.createAppender();
             DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(written);
        }
    }

    private String verify() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SpoolVerification(SpoolCompanion.NONE)
                .verify(spoolDir(), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream()));
        return out.toString(StandardCharsets.UTF_8);
    }

    private void salvageQuietly(Path target) {
        new SpoolSalvage(SpoolCompanion.NONE, ZoneId.of("UTC"))
                .salvage(spoolDir(), target, OptionalLong.empty(), new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(new ByteArrayOutputStream()));
    }
}
