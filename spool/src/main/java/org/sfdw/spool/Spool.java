package org.sfdw.spool;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.sfdw.spool.store.CutList;
import org.sfdw.spool.store.DamagedRecordException;
import org.sfdw.spool.store.DiskReserve;
import org.sfdw.spool.store.FileSeal;
import org.sfdw.spool.store.IdMark;
import org.sfdw.spool.store.QueueFileScanner;
import org.sfdw.spool.store.QueueWriter;
import org.sfdw.spool.store.SpoolLock;
import org.sfdw.spool.store.TailerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * The durable middle of the system: a Chronicle Queue holding every write request the broker accepted, in order.
 *
 * <p>It is the audit trail, and the source the forwarder tails. Appends are serialised onto one thread that owns
 * the queue's appender; an append is all or nothing: it returns only once its records are synced as
 * {@link Durability} says, read back unchanged, and their ids recorded in the acknowledged-id mark. Anything else
 * throws, and the records it may have left in the queue are not live: readers skip them, and the next append
 * reuses their ids. Each record carries a checksum, checked on every read. At open, a scan of the files checks
 * every record against the mark: damage in the unacknowledged tail is cut away, damage inside acknowledged data
 * refuses the open (see {@link SpoolDamagedException}). One process at a time may have a spool open for writing.
 */
public final class Spool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    static final String DAMAGED_DIRECTORY = "damaged";

    /**
     * @param reserveBytes  appends are refused while the spool's disk has less free space than this
     * @param appendTimeout how long a caller waits for an append before it is answered with an error
     */
    public record Settings(Durability durability, long reserveBytes, Duration appendTimeout) {
        public static Settings of(Durability durability) {
            return new Settings(durability, 16L * 1024 * 1024, Duration.ofSeconds(10));
        }
    }

    /** What a record read from the queue is to its readers. */
    enum Liveness { LIVE, DEAD, NOT_YET }

    record Read(Liveness liveness, SpoolEntry entry) {
        static final Read DEAD = new Read(Liveness.DEAD, null);
        static final Read NOT_YET = new Read(Liveness.NOT_YET, null);
    }

    private final Path directory;
    private final ChronicleQueue queue;
    private final AppendThread appendThread;
    private final Settings settings;
    private final boolean readOnly;
    private final TimeProvider time;
    private final SpoolIndex index;
    private final CutList cut;
    private final SpoolLock lock;
    private final IdMark mark;
    private final DiskReserve reserve;
    private final TailerPool lookups;
    private volatile long lastId;
    private volatile Throwable fault;
    private long lastSpooledAt;          // owned by appendThread
    private QueueWriter writer;          // owned by appendThread
    private ExcerptTailer readBack;      // owned by appendThread

    private Spool(Path directory, ChronicleQueue queue, Settings settings, boolean readOnly, TimeProvider time,
                  SpoolScan.Result scan, CutList cut, SpoolLock lock, IdMark mark) {
        this.directory = directory;
        this.queue = queue;
        this.settings = settings;
        this.readOnly = readOnly;
        this.time = time;
        this.index = scan.index();
        this.cut = cut;
        this.lock = lock;
        this.mark = mark;
        this.reserve = new DiskReserve(settings.reserveBytes());
        this.lookups = new TailerPool(queue, 4);
        this.lastId = scan.lastId();
        this.lastSpooledAt = scan.lastSpooledAt();
        this.appendThread = new AppendThread("spool-appender", "spool " + directory, settings.appendTimeout());
        if (!readOnly) {
            appendThread.call(() -> {
                writer = new QueueWriter(directory, queue, time, reserve, "the spool", scan.newestReadable());
                readBack = queue.createTailer();
                return null;
            });
        }
    }

    /** Opens (creating if needed) the spool in {@code directory} with the default reserve and append timeout. */
    public static Spool open(Path directory, Durability durability) {
        return open(directory, Settings.of(durability));
    }

    /**
     * Opens (creating if needed) the spool in {@code directory} for appending, after checking every record.
     *
     * @throws SpoolUnavailableException if the directory cannot be created or written, or another process has it
     *                                   open: a broker must not accept requests it cannot keep
     * @throws SpoolDamagedException     if acknowledged requests are damaged or missing
     */
    public static Spool open(Path directory, Settings settings) {
        return open(directory, settings, SystemTimeProvider.INSTANCE);
    }

    /** With the clock the queue rolls its daily files by (tests move it to another day). */
    static Spool open(Path directory, Durability durability, TimeProvider time) {
        return open(directory, Settings.of(durability), time);
    }

    /**
     * With the clock the queue rolls its daily files by: a salvage copying each request into its own day, a
     * benchmark building years of history.
     */
    public static Spool open(Path directory, Settings settings, TimeProvider time) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SpoolUnavailableException("cannot create spool directory " + directory + ": " + e, e);
        }
        if (!Files.isWritable(directory)) {
            throw new SpoolUnavailableException("spool directory " + directory + " is not writable by this user");
        }
        requireChronicleFlags(directory);
        SpoolLock lock = SpoolLock.acquire(directory, "sfdw spool writer");
        IdMark mark = null;
        try {
            CutList cut = CutList.read(directory);
            var markRead = IdMark.read(directory);
            SpoolScan.Result scan = SpoolScan.scanUsingSeals(directory, cut, markRead);
            new SpoolStartCheck(directory).apply(scan, cut);
            mark = IdMark.open(directory, settings.durability() != Durability.NONE);
            if (markRead.isEmpty() || markRead.getAsLong() != scan.lastId()) {
                mark.write(scan.lastId());
            }
            ChronicleQueue queue = SingleChronicleQueueBuilder.single(directory.toFile())
                    .rollCycle(QueueFileScanner.ROLL_CYCLE)
                    .timeProvider(time)
                    .syncMode(settings.durability().syncMode())
                    .build();
            Spool spool = new Spool(directory, queue, settings, false, time, scan, cut, lock, mark);
            LOG.info("Spool open at {} (durability {}), last request id {}{}", directory, settings.durability(),
                    spool.lastId, scan.unchecked() > 0 ? ", " + scan.unchecked()
                            + " records from before checksums (read unchecked)" : "");
            return spool;
        } catch (RuntimeException e) {
            if (mark != null) {
                mark.close();
            }
            lock.close();
            throw e;
        }
    }

    /**
     * Opens an existing spool to read it, also while a broker appends to it (export, inspection). It sees the
     * requests acknowledged up to the moment it opened.
     *
     * @throws SpoolDamagedException when a file is cut short or unreadable: reading it through a memory map would
     *                               fault; {@code sfdw spool verify} says more
     */
    public static Spool openForReading(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new SpoolUnavailableException("no spool at " + directory);
        }
        requireChronicleFlags(directory);
        CutList cut = CutList.read(directory);
        SpoolScan.Result scan = SpoolScan.scan(directory, cut, IdMark.read(directory));
        scan.damage().stream().filter(d -> d.isWholeFile() || d.reason().startsWith("the file ends")).findFirst()
                .ifPresent(d -> {
                    throw new SpoolDamagedException("spool " + directory + " is damaged: " + d.where() + ": "
                            + d.reason() + ". Run 'sfdw spool verify --spool " + directory + "' for the whole report");
                });
        ChronicleQueue queue = SingleChronicleQueueBuilder.single(directory.toFile()).readOnly(true)
                .rollCycle(QueueFileScanner.ROLL_CYCLE).build();
        return new Spool(directory, queue, Settings.of(Durability.NONE), true, SystemTimeProvider.INSTANCE, scan, cut,
                null, null);
    }

    private static void requireChronicleFlags(Path directory) {
        // Without these opens Chronicle silently falls back to a read-only queue and only the first append fails.
        if (!Object.class.getModule().isOpen("java.lang.reflect", Spool.class.getModule())) {
            throw new SpoolUnavailableException("the JVM was started without --add-opens=java.base/java.lang.reflect="
                    + "ALL-UNNAMED; Chronicle would open spool " + directory + " read-only (README: JVM flags)");
        }
    }

    public Path directory() {
        return directory;
    }

    /** The free-space reserve below which appends are refused. */
    public DiskReserve reserve() {
        return reserve;
    }

    /** The fault that made this spool stop accepting appends (the process must restart), if any. */
    public Optional<Throwable> fault() {
        return Optional.ofNullable(fault);
    }

    /**
     * Appends a request under the next id and returns it with that id, once it is durable.
     * The id in {@code request} is ignored.
     */
    public WriteRequest append(WriteRequest request) {
        return appendAll(List.of(request)).get(0);
    }

    /**
     * Appends several requests (one acquisition's) with a single sync at the end: all of them or none.
     *
     * @throws org.sfdw.spool.store.SpoolFullException when the disk has less than the reserve free
     * @throws SpoolUnavailableException                when the append failed or did not finish in time; no id was
     *                                                  consumed and nothing will be forwarded
     */
    public List<WriteRequest> appendAll(List<WriteRequest> requests) {
        if (readOnly) {
            throw new SpoolUnavailableException("spool " + directory + " is open for reading only");
        }
        return appendThread.call(abandoned -> {
            long spooledAt = Math.max(lastSpooledAt, time.currentTimeMillis());   // never backwards: ranges rely on it
            List<SpoolEntry> entries = new ArrayList<>(requests.size());
            for (WriteRequest request : requests) {
                entries.add(new SpoolEntry(request.withId(lastId + entries.size() + 1), spooledAt));
            }
            commit(entries, abandoned);
            return entries.stream().map(SpoolEntry::request).toList();
        });
    }

    /**
     * Appends requests that keep their ids and spooling times (a salvage copying a damaged spool). Ids must be
     * above the last one.
     */
    public void appendKeepingIds(List<SpoolEntry> entries) {
        appendThread.call(abandoned -> {
            long previous = lastId;
            for (SpoolEntry entry : entries) {
                if (entry.request().id() <= previous) {
                    throw new IllegalArgumentException("request " + entry.request().id() + " is not above " + previous);
                }
                previous = entry.request().id();
            }
            commit(entries, abandoned);
            return null;
        });
    }

    /**
     * Records ids {@code fromId..toId} as lost (a salvage could not save them), so that they are never issued again.
     * {@code fromId} must follow the last id.
     */
    public void appendTombstone(SpoolRecords.Tombstone tombstone) {
        appendThread.call(abandoned -> {
            if (tombstone.fromId() != lastId + 1) {
                throw new IllegalArgumentException("lost ids " + tombstone.fromId() + ".." + tombstone.toId()
                        + " do not follow request " + lastId);
            }
            commit(List.of(SpoolRecords.encode(tombstone)), tombstone.toId(), abandoned);
            index.loseThrough(tombstone.fromId(), tombstone.toId());
            lastId = tombstone.toId();
            return null;
        });
    }

    /** Writes and acknowledges requests under the ids they carry, then makes them live. */
    private void commit(List<SpoolEntry> entries, AtomicBoolean abandoned) {
        List<byte[]> records = entries.stream().map(e -> SpoolRecords.encode(e.request(), e.spooledAtMillis())).toList();
        long last = entries.get(entries.size() - 1).request().id();
        long[] queueIndices = commit(records, last, abandoned);
        for (int i = 0; i < entries.size(); i++) {
            index.add(entries.get(i).request().id(), queueIndices[i]);
            lastSpooledAt = Math.max(lastSpooledAt, entries.get(i).spooledAtMillis());
        }
        lastId = last;   // publishes the records to readers and the forwarder
    }

    /**
     * The one way records enter the queue: room made, written (a failed document rolled back), synced, read back
     * unchanged, and {@code acknowledgedId} recorded in the mark. Anything else throws, and what it may have left in
     * the queue is not live. An {@link Error} (Chronicle's mapped memory failing) stops all further appends.
     *
     * @return the records' queue indices
     */
    private long[] commit(List<byte[]> records, long acknowledgedId, AtomicBoolean abandoned) {
        if (fault != null) {
            throw new SpoolUnavailableException("spool " + directory + " stopped accepting requests after a fault ("
                    + fault + "); the broker must be restarted, which checks the spool and resumes");
        }
        writer.makeRoom(records.stream().mapToLong(r -> r.length + 8L).sum());
        long[] queueIndices = new long[records.size()];
        Arrays.fill(queueIndices, -1);
        try {
            for (int i = 0; i < records.size(); i++) {
                queueIndices[i] = writer.write(records.get(i));
            }
            if (settings.durability() != Durability.NONE) {
                writer.sync();
            }
            for (int i = 0; i < records.size(); i++) {
                readBack(queueIndices[i], records.get(i));
            }
            if (abandoned.get()) {
                throw new SpoolUnavailableException("the caller stopped waiting before the append was acknowledged");
            }
            mark.write(acknowledgedId);
            return queueIndices;
        } catch (Throwable t) {
            if (t instanceof Error) {
                fault = t;
                LOG.error("Spool {}: appending failed with {}; no more requests are accepted until a restart",
                        directory, t.toString(), t);
            }
            if (queueIndices[0] != -1) {
                LOG.warn("Spool {}: records up to id {} were written to the queue but not acknowledged; they are not "
                        + "live (never forwarded) and their ids will be used again", directory, acknowledgedId);
            }
            if (t instanceof RuntimeException e) {
                throw e;
            }
            throw new SpoolUnavailableException("appending to spool " + directory + " failed: " + t, t);
        }
    }

    /** Reads a record back from the queue as a reader will, and compares it with what was written. */
    private void readBack(long queueIndex, byte[] written) {
        if (!readBack.moveToIndex(queueIndex)) {
            throw new SpoolUnavailableException("a record just appended to " + directory + " cannot be found again");
        }
        try (DocumentContext dc = readBack.readingDocument()) {
            if (!dc.isPresent() || !Arrays.equals(QueueFileScanner.contentOf(dc), written)) {
                throw new SpoolUnavailableException("a record just appended to " + directory
                        + " does not read back as written");
            }
        }
    }


    /** The id of the newest acknowledged request, 0 when the spool is empty. */
    public long lastId() {
        return lastId;
    }

    /** Every live request in the spool, oldest first. Meant for tests and small spools; it holds all in memory. */
    public List<WriteRequest> readAll() {
        List<WriteRequest> all = new ArrayList<>();
        forEach(1, Long.MAX_VALUE, entry -> all.add(entry.request()));
        return all;
    }

    /** The request with this id, if the spool has it. */
    public Optional<WriteRequest> read(long id) {
        return entry(id).map(SpoolEntry::request);
    }

    /**
     * The request with this id and when it was spooled, if the spool has it.
     *
     * @throws DamagedRecordException when its record no longer reads as it was written
     */
    public Optional<SpoolEntry> entry(long id) {
        long queueIndex = index.queueIndexOf(id);
        if (queueIndex < 0 || id > lastId) {
            return Optional.empty();
        }
        return lookups.withTailer(tailer -> {
            if (!tailer.moveToIndex(queueIndex)) {
                return Optional.<SpoolEntry>empty();
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return Optional.<SpoolEntry>empty();
                }
                Read read = classify(dc);
                return read.liveness() == Liveness.LIVE ? Optional.of(read.entry()) : Optional.<SpoolEntry>empty();
            }
        });
    }

    /** The id of the oldest request the spool still holds (0 when empty). */
    public long firstId() {
        return index.firstId();
    }

    /** Hands every live request with an id in {@code fromId..toId} (inclusive) to {@code consumer}, in order. */
    public void forEach(long fromId, long toId, Consumer<SpoolEntry> consumer) {
        forEach(fromId, toId, consumer, damage -> {
            throw damage;
        });
    }

    /**
     * As {@link #forEach(long, long, Consumer)}, handing damaged records to {@code damaged} and going on after them
     * (an export that must show everything it can).
     */
    public void forEach(long fromId, long toId, Consumer<SpoolEntry> consumer, Consumer<DamagedRecordException> damaged) {
        long queueIndex = index.firstHeldFrom(fromId, Math.min(toId, lastId));
        if (queueIndex < 0) {
            return;
        }
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(queueIndex)) {
                return;
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return;
                    }
                    Read read;
                    try {
                        read = classify(dc);
                    } catch (DamagedRecordException e) {
                        damaged.accept(e);
                        continue;
                    }
                    if (read.liveness() == Liveness.NOT_YET) {
                        return;
                    }
                    if (read.liveness() == Liveness.DEAD) {
                        continue;
                    }
                    if (read.entry().request().id() > toId) {
                        return;
                    }
                    if (read.entry().request().id() >= fromId) {
                        consumer.accept(read.entry());
                    }
                }
            }
        }
    }

    /**
     * Deletes the oldest daily files of the spool whose requests were all spooled before {@code cutoffMillis} and
     * are all {@code settled} (have a final outcome), stopping at the first that is not; never today's file.
     *
     * @return the ids of the requests that were deleted with them, empty when none
     */
    public List<Long> deleteSettledDaysBefore(long cutoffMillis, LongPredicate settled) {
        return appendThread.call(() -> {
            List<Long> deleted = new ArrayList<>();
            RollCycle cycles = queue.rollCycle();
            long id = index.firstId();
            while (id > 0 && id <= lastId && index.queueIndexOf(id) >= 0) {
                int cycle = cycles.toCycle(index.queueIndexOf(id));
                long last = id;
                while (last + 1 <= lastId && index.queueIndexOf(last + 1) >= 0
                        && cycles.toCycle(index.queueIndexOf(last + 1)) == cycle) {
                    last++;
                }
                if (last == lastId || entry(last).map(SpoolEntry::spooledAtMillis).orElse(Long.MAX_VALUE) >= cutoffMillis
                        || !java.util.stream.LongStream.rangeClosed(id, last).allMatch(settled)) {
                    break;
                }
                Path file = QueueFileScanner.cycleFile(directory, cycle);
                Files.deleteIfExists(file);
                FileSeal.remove(file);
                index.dropThrough(last);
                LOG.info("Retention: deleted {} with requests {}..{}, all settled", file, id, last);
                for (long gone = id; gone <= last; gone++) {
                    deleted.add(gone);
                }
                id = last + 1;
            }
            if (!deleted.isEmpty()) {
                queue.refreshDirectoryListing();
            }
            return deleted;
        });
    }

    /**
     * Seals the daily files that are closed (a newer day's file exists) and check out, so that the next start
     * reads only the files written since; the broker calls it as days go by.
     *
     * @return how many files were sealed
     */
    public int sealClosedFiles() {
        if (readOnly) {
            return 0;
        }
        return SpoolScan.sealClosedFiles(directory, cut, lastId);
    }

    /** The first id spooled at or after {@code millis}; {@code lastId() + 1} when there is none. */
    public long firstIdSpooledAtOrAfter(long millis) {
        long low = index.firstId();
        long high = lastId + 1;
        while (low < high) {
            long middle = low + (high - low) / 2;
            long at = entry(middle).map(SpoolEntry::spooledAtMillis).orElse(Long.MAX_VALUE);
            if (at >= millis) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** Up to {@code limit} live requests that match, newest first; damaged records are passed over. */
    public List<WriteRequest> newestFirst(int limit, Predicate<WriteRequest> filter) {
        List<WriteRequest> found = new ArrayList<>();
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd()) {
            while (found.size() < limit) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    Read read;
                    try {
                        read = classify(dc);
                    } catch (DamagedRecordException e) {
                        LOG.warn("{}; it is left out of the list", e.getMessage());
                        continue;
                    }
                    if (read.liveness() == Liveness.LIVE && filter.test(read.entry().request())) {
                        found.add(read.entry().request());
                    }
                }
            }
        }
        return found;
    }

    /**
     * A tailer that remembers its position on disk under {@code name}, so that a restarted reader continues
     * where the last one stopped. Each instance belongs to one thread.
     */
    public SpoolTailer namedTailer(String name) {
        return new SpoolTailer(queue.createTailer(name), this::classify);
    }

    /**
     * Sets the named tailer {@code name} (e.g. the forwarder's) to offer request {@code nextId} next, or nothing
     * spooled so far when {@code nextId} is above the last id.
     */
    public void positionNamedTailer(String name, long nextId) {
        try (ExcerptTailer tailer = queue.createTailer(name)) {
            long queueIndex = index.firstHeldFrom(nextId, lastId);
            if (queueIndex < 0) {
                tailer.toEnd();
            } else if (!tailer.moveToIndex(queueIndex)) {
                throw new SpoolUnavailableException("cannot move tailer " + name + " to request " + nextId);
            }
        }
    }

    /**
     * Whether the record under {@code dc} is live (acknowledged, not replaced, not cut), not yet acknowledged, or
     * dead; it reads and checks the record.
     *
     * @throws DamagedRecordException naming where, when the record is not as it was written
     */
    Read classify(DocumentContext dc) {
        long queueIndex = dc.index();
        if (cut.contains(queueIndex)) {
            return Read.DEAD;
        }
        byte[] bytes = QueueFileScanner.contentOf(dc);
        if (SpoolRecords.isTombstone(bytes)) {
            return Read.DEAD;
        }
        SpoolEntry entry;
        try {
            entry = SpoolRecords.decode(bytes);
        } catch (DamagedRecordException e) {
            throw e.at("spool " + directory + ", the record at queue index " + Long.toHexString(queueIndex)
                    + " is damaged (run 'sfdw spool verify --spool " + directory + "')");
        }
        long id = entry.request().id();
        if (id > lastId) {
            return Read.NOT_YET;
        }
        return index.queueIndexOf(id) == queueIndex ? new Read(Liveness.LIVE, entry) : Read.DEAD;
    }


    @Override
    public void close() {
        try {
            if (!readOnly) {
                appendThread.call(() -> {
                    if (writer != null) {
                        writer.close();
                    }
                    if (readBack != null) {
                        readBack.close();
                    }
                    return null;
                });
            }
        } catch (SpoolUnavailableException e) {
            LOG.warn("Closing spool {}: {}", directory, e.getMessage());
        } finally {
            appendThread.close();
            lookups.close();
            queue.close();
            if (mark != null) {
                mark.close();
            }
            if (lock != null) {
                lock.close();
            }
        }
    }
}
