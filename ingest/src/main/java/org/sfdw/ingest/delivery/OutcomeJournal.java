package org.sfdw.ingest.delivery;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.sfdw.spool.AppendThread;
import org.sfdw.spool.Durability;
import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolDamagedException;
import org.sfdw.spool.SpoolUnavailableException;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.spool.store.CutList;
import org.sfdw.spool.store.DamagedRecordException;
import org.sfdw.spool.store.DiskReserve;
import org.sfdw.spool.store.FileSeal;
import org.sfdw.spool.store.QueueDocument;
import org.sfdw.spool.store.QueueFileScanner;
import org.sfdw.spool.store.QueueWriter;
import org.sfdw.spool.store.TailerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The durable record of every outcome (a second Chronicle Queue beside the spool): what was sent when, what the
 * writers reported. Replayed at start-up, it tells which requests still have no final outcome. Its records are
 * checked as the spool's are: at open, damage after the last intact record (a torn append) is cut away with a
 * WARN, damage before it refuses the open.
 */
public final class OutcomeJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeJournal.class);

    private final Path directory;
    private final ChronicleQueue queue;
    private final Durability durability;
    private final OutcomeRecords records;
    private final CutList cut;
    private final AppendThread appendThread;
    private final boolean readOnly;
    private final TailerPool lookups;
    private volatile Throwable fault;
    private QueueWriter writer;   // owned by appendThread

    private OutcomeJournal(Path directory, ChronicleQueue queue, Spool.Settings settings, OutcomeCodec codec,
                           CutList cut, boolean readOnly, Optional<QueueFileScanner.FileSummary> newest,
                           TimeProvider time) {
        this.directory = directory;
        this.queue = queue;
        this.durability = settings.durability();
        this.records = new OutcomeRecords(codec);
        this.cut = cut;
        this.readOnly = readOnly;
        this.lookups = new TailerPool(queue, 4);
        this.appendThread = new AppendThread("outcome-journal", "outcome journal " + directory,
                settings.appendTimeout());
        if (!readOnly) {
            DiskReserve reserve = new DiskReserve(settings.reserveBytes());
            appendThread.call(() -> {
                writer = new QueueWriter(directory, queue, time, reserve,
                        "the outcome journal", newest);
                return null;
            });
        }
    }

    /** @param codec writes and reads the completeness reports of written files */
    public static OutcomeJournal open(Path directory, Durability durability, OutcomeCodec codec) {
        return open(directory, Spool.Settings.of(durability), codec);
    }

    /**
     * Opens the journal for appending, after checking every record (callers hold the spool's lock).
     *
     * @throws SpoolDamagedException when records before the last intact one are damaged
     */
    public static OutcomeJournal open(Path directory, Spool.Settings settings, OutcomeCodec codec) {
        return open(directory, settings, codec, SystemTimeProvider.INSTANCE);
    }

    /** With the clock its daily files roll by (a benchmark building years of history). */
    public static OutcomeJournal open(Path directory, Spool.Settings settings, OutcomeCodec codec, TimeProvider time) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SpoolUnavailableException("cannot create outcome journal " + directory + ": " + e, e);
        }
        CutList cut = CutList.read(directory);
        Optional<QueueFileScanner.FileSummary> newest = new Check(directory, cut, new OutcomeRecords(codec), true)
                .cutTornTail();
        return new OutcomeJournal(directory, SingleChronicleQueueBuilder.single(directory.toFile())
                .rollCycle(QueueFileScanner.ROLL_CYCLE).timeProvider(time).syncMode(settings.durability().syncMode())
                .build(), settings, codec, cut, false, newest, time);
    }

    /** Opens the journal to read it, also while a broker appends to it. */
    public static OutcomeJournal openForReading(Path directory, OutcomeCodec codec) {
        if (!Files.isDirectory(directory)) {
            throw new SpoolUnavailableException("no outcome journal at " + directory);
        }
        return new OutcomeJournal(directory, SingleChronicleQueueBuilder.single(directory.toFile()).readOnly(true)
                .rollCycle(QueueFileScanner.ROLL_CYCLE).build(), Spool.Settings.of(Durability.NONE), codec,
                CutList.read(directory), true, Optional.empty(), SystemTimeProvider.INSTANCE);
    }

    /** Where the journal of the spool in {@code spoolDirectory} is kept. */
    public static Path directoryOf(Path spoolDirectory) {
        return spoolDirectory.resolve("outcomes");
    }

    public Path directory() {
        return directory;
    }

    /** The fault that made the journal stop taking outcomes (the process must restart), if any. */
    public Optional<Throwable> fault() {
        return Optional.ofNullable(fault);
    }

    /**
     * Appends and syncs as the spool's durability says.
     *
     * @return the record's queue index (its position, for {@link #read})
     * @throws SpoolUnavailableException when it could not be journalled (disk full, a fault, a timeout)
     */
    public long append(Outcome outcome) {
        return write(List.of(outcome));
    }

    /** Appends several outcomes with one sync at the end (a salvage's copy, a benchmark's history). */
    public void appendAll(List<Outcome> outcomes) {
        write(outcomes);
    }

    /** @return the queue index of the last record written */
    private long write(List<Outcome> outcomes) {
        if (readOnly) {
            throw new SpoolUnavailableException("outcome journal " + directory + " is open for reading only");
        }
        List<byte[]> encoded = outcomes.stream().map(records::encode).toList();
        return appendThread.call(() -> {
            if (fault != null) {
                throw new SpoolUnavailableException("outcome journal " + directory + " stopped after a fault ("
                        + fault + ")");
            }
            try {
                long queueIndex = -1;
                for (byte[] record : encoded) {
                    writer.makeRoom(record.length + 8);
                    queueIndex = writer.write(record);
                }
                if (durability != Durability.NONE) {
                    writer.sync();
                }
                return queueIndex;
            } catch (Error e) {
                fault = e;
                LOG.error("Outcome journal {}: appending failed with {}; no more outcomes are journalled until a "
                        + "restart", directory, e.toString(), e);
                throw e;
            }
        });
    }

    /** Every outcome, oldest first. */
    public void replay(Consumer<Outcome> consumer) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return;
                    }
                    read(dc).ifPresent(consumer);
                }
            }
        }
    }

    /** An outcome journalled after the record at {@code queueIndex} (0: from the start), with its own index. */
    public interface IndexedConsumer {
        void accept(long queueIndex, Outcome outcome);
    }

    /**
     * Hands every outcome after the record at {@code queueIndex} (0: every outcome) to {@code consumer}, oldest
     * first, with its queue index.
     *
     * @return false when that record is no longer in the journal (nothing was handed on)
     */
    public boolean replayAfter(long queueIndex, IndexedConsumer consumer) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (queueIndex > 0) {
                if (!tailer.moveToIndex(queueIndex)) {
                    return false;
                }
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent() || dc.index() != queueIndex) {
                        return false;
                    }
                }
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return true;
                    }
                    long at = dc.index();
                    read(dc).ifPresent(outcome -> consumer.accept(at, outcome));
                }
            }
        }
    }

    /**
     * The outcome journalled at {@code queueIndex}, found through Chronicle's own index: one lookup, whatever the
     * journal's size.
     *
     * @throws DamagedRecordException when its record no longer reads as it was written
     */
    public Optional<Outcome> read(long queueIndex) {
        return lookups.withTailer(tailer -> {
            if (!tailer.moveToIndex(queueIndex)) {
                return Optional.<Outcome>empty();
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                return dc.isPresent() && dc.index() == queueIndex ? read(dc) : Optional.<Outcome>empty();
            }
        });
    }

    /**
     * Seals the daily files that are closed and check out, so that the next start reads only the files written
     * since; called as days go by.
     */
    public void sealClosedFiles() {
        if (!readOnly) {
            new Check(directory, cut, records, true).scan();
        }
    }

    /**
     * Deletes the oldest daily files whose outcomes all came before {@code cutoffMillis} and all concern requests
     * below {@code firstHeldId} (requests retention already took out of the spool), stopping at the first that does
     * not qualify; never the newest file, which takes the appends.
     *
     * @return how many files were deleted
     */
    public int deleteDaysBefore(long cutoffMillis, long firstHeldId) {
        if (readOnly) {
            throw new SpoolUnavailableException("outcome journal " + directory + " is open for reading only");
        }
        return appendThread.call(() -> {
            List<Path> files = QueueFileScanner.cycleFiles(directory);
            int deleted = 0;
            for (Path file : files.subList(0, Math.max(0, files.size() - 1))) {
                long[] newest = {0, 0};   // request id, time
                boolean[] unreadable = {false};
                QueueFileScanner.FileSummary summary = QueueFileScanner.scan(file, document -> {
                    if (cut.contains(document.queueIndex()) || document.state() != QueueDocument.State.WHOLE) {
                        return;
                    }
                    try {
                        Outcome outcome = records.decode(document.content());
                        newest[0] = Math.max(newest[0], outcome.requestId());
                        newest[1] = Math.max(newest[1], outcome.timeMillis());
                    } catch (DamagedRecordException e) {
                        unreadable[0] = true;
                    }
                });
                if (summary.unreadable() || unreadable[0] || newest[0] >= firstHeldId || newest[1] >= cutoffMillis) {
                    break;
                }
                Files.deleteIfExists(file);
                FileSeal.remove(file);
                deleted++;
                LOG.info("Retention: deleted {}, outcomes of requests up to {}, all out of the spool", file, newest[0]);
            }
            if (deleted > 0) {
                queue.refreshDirectoryListing();
            }
            return deleted;
        });
    }

    private Optional<Outcome> read(DocumentContext dc) {
        if (cut.contains(dc.index())) {
            return Optional.empty();
        }
        try {
            return Optional.of(records.decode(QueueFileScanner.contentOf(dc)));
        } catch (DamagedRecordException e) {
            throw e.at("outcome journal " + directory + ", the record at queue index " + Long.toHexString(dc.index())
                    + " is damaged (run 'sfdw spool verify')");
        }
    }

    @Override
    public void close() {
        try {
            if (!readOnly) {
                appendThread.call(() -> {
                    if (writer != null) {
                        writer.close();
                    }
                    return null;
                });
            }
        } catch (SpoolUnavailableException e) {
            LOG.warn("Closing outcome journal {}: {}", directory, e.getMessage());
        } finally {
            appendThread.close();
            lookups.close();
            queue.close();
        }
    }

    /**
     * The journal's start check: every record read once with plain reads; damage after the last intact record is a
     * torn append and is cut away, damage before it refuses the open.
     */
    public static final class Check {
        private final Path directory;
        private final CutList cut;
        private final OutcomeRecords records;
        private Optional<QueueFileScanner.FileSummary> newestReadable = Optional.empty();
        private final boolean useSeals;

        /** A damaged record (or unreadable file, queue index -1) and whether it lies after every intact record. */
        public record Damage(Path file, String where, long queueIndex, String reason, boolean tail) {
        }

        /** @param useSeals take closed files whose seal matches as checked, and seal those that check out */
        private Check(Path directory, CutList cut, OutcomeRecords records, boolean useSeals) {
            this.directory = directory;
            this.cut = cut;
            this.records = records;
            this.useSeals = useSeals;
        }

        /** Hands every intact, not cut outcome of the journal in {@code directory} to {@code consumer}, in order. */
        public static void forEachIntact(Path directory, OutcomeCodec codec, Consumer<Outcome> consumer) {
            CutList cut = CutList.read(directory);
            OutcomeRecords records = new OutcomeRecords(codec);
            for (Path file : QueueFileScanner.cycleFiles(directory)) {
                QueueFileScanner.scan(file, document -> {
                    if (!cut.contains(document.queueIndex()) && document.state() == QueueDocument.State.WHOLE) {
                        try {
                            consumer.accept(records.decode(document.content()));
                        } catch (DamagedRecordException e) {
                            // damage is what verify reports; a copy takes what is intact
                        }
                    }
                });
            }
        }

        /** Finds every damaged record of the journal in {@code directory}, for {@code sfdw spool verify}. */
        public static List<Damage> damage(Path directory, OutcomeCodec codec) {
            return new Check(directory, CutList.read(directory), new OutcomeRecords(codec), false).scan();
        }

        /** @return how the newest readable journal file ended, for the appends that follow */
        Optional<QueueFileScanner.FileSummary> cutTornTail() {
            List<Damage> damage = scan();
            List<Damage> inside = damage.stream().filter(d -> !d.tail()).toList();
            if (!inside.isEmpty()) {
                Damage first = inside.get(0);
                throw new SpoolDamagedException("outcome journal " + directory + " is damaged before its last intact "
                        + "record: " + first.where() + ": " + first.reason() + (inside.size() > 1 ? " (and "
                        + (inside.size() - 1) + " more)" : "") + "; the broker will not start on it. Run 'sfdw spool "
                        + "verify --spool " + directory.getParent() + "', then 'sfdw spool salvage --spool "
                        + directory.getParent() + " --to NEW_DIR' to copy every intact request and outcome");
            }
            for (Damage d : damage) {
                if (d.queueIndex() == -1) {
                    Path aside = directory.resolve("damaged").resolve(d.file().getFileName() + "."
                            + System.currentTimeMillis());
                    try {
                        Files.createDirectories(aside.getParent());
                        Files.move(d.file(), aside);
                    } catch (IOException e) {
                        throw new SpoolUnavailableException("cannot move the damaged file " + d.file() + " aside", e);
                    }
                    LOG.warn("Outcome journal {}: moved {} aside to {} ({}): nothing intact follows it", directory,
                            d.file().getFileName(), aside, d.reason());
                } else {
                    cut.add(d.queueIndex(), d.where(), d.reason());
                    LOG.warn("Outcome journal {}: cut away the torn record at {} ({}): nothing intact follows it, so it "
                            + "is the last append, cut short; the outcome it held is reported again or redelivered",
                            directory, d.where(), d.reason());
                }
            }
            return newestReadable;
        }

        private List<Damage> scan() {
            List<Damage> found = new ArrayList<>();
            List<Long> ordinals = new ArrayList<>();
            long[] ordinal = {0};
            long[] lastIntact = {0};
            List<Path> files = QueueFileScanner.cycleFiles(directory);
            for (int f = 0; f < files.size(); f++) {
                Path file = files.get(f);
                boolean closed = f < files.size() - 1;
                Optional<byte[]> seal = useSeals && closed ? FileSeal.read(file) : Optional.empty();
                if (seal.isPresent()) {
                    ordinal[0] += java.nio.ByteBuffer.wrap(seal.get()).getLong();
                    lastIntact[0] = ordinal[0];
                    continue;
                }
                long before = ordinal[0];
                int damagedBefore = found.size();
                var summary = QueueFileScanner.scan(file, (QueueDocument document) -> {
                    ordinal[0]++;
                    if (cut.contains(document.queueIndex())) {
                        return;
                    }
                    String reason = null;
                    if (document.state() == QueueDocument.State.CUT) {
                        reason = "the file ends inside it";
                    } else {
                        try {
                            records.check(document.content());
                        } catch (DamagedRecordException e) {
                            reason = e.getMessage();
                        }
                    }
                    if (reason == null) {
                        lastIntact[0] = ordinal[0];
                    } else {
                        found.add(new Damage(file, document.where(), document.queueIndex(), reason, false));
                        ordinals.add(ordinal[0]);
                    }
                });
                if (summary.unreadable()) {
                    ordinal[0]++;
                    found.add(new Damage(file, file.getFileName().toString(), -1, summary.problem(), false));
                    ordinals.add(ordinal[0]);
                } else {
                    newestReadable = Optional.of(summary);
                    if (useSeals && closed && found.size() == damagedBefore && !summary.unfinishedAtEnd()) {
                        FileSeal.write(file, java.nio.ByteBuffer.allocate(8).putLong(ordinal[0] - before).array());
                    }
                }
            }
            List<Damage> judged = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                Damage d = found.get(i);
                judged.add(new Damage(d.file(), d.where(), d.queueIndex(), d.reason(), ordinals.get(i) > lastIntact[0]));
            }
            return judged;
        }
    }
}
