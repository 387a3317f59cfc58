package org.sfdw.spool;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The durable middle of the system: a Chronicle Queue holding every write request the broker accepted, in order.
 *
 * <p>It is the audit trail, and the source the forwarder tails. Appends are serialised onto one thread that owns
 * the queue's appender (Chronicle appenders belong to one thread); each append is synced to disk as
 * {@link Durability} says before {@link #append} returns. Request ids are a dense sequence continued from the
 * last record on disk, so they survive restarts; an in-memory index (8 bytes a request) finds a request by id.
 */
public final class Spool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    private static final String ID = "id";
    private static final String TIMESTAMP = "timestamp";
    private static final String DATA_API_REQUEST = "data_api_request";
    private static final String PARAMETERS = "parameters";
    private static final String RERUN_OF = "rerun_of";
    private static final String SPOOLED_AT = "spooled_at";

    private final Path directory;
    private final ChronicleQueue queue;
    private final AppendThread appendThread;
    private final Durability durability;
    private final boolean readOnly;
    private final TimeProvider time;
    private final SpoolIndex index = new SpoolIndex();
    private ExcerptAppender appender;   // owned by appendThread
    private long lastId;                // owned by appendThread
    private long lastSpooledAt;         // owned by appendThread

    private Spool(Path directory, ChronicleQueue queue, Durability durability, boolean readOnly, TimeProvider time) {
        this.directory = directory;
        this.queue = queue;
        this.durability = durability;
        this.readOnly = readOnly;
        this.time = time;
        this.appendThread = new AppendThread("spool-appender", "spool " + directory);
        this.lastId = buildIndex();
        if (!readOnly) {
            call(() -> {
                appender = queue.createAppender();
                return null;
            });
        }
    }

    /**
     * Opens (creating if needed) the spool in {@code directory}.
     *
     * @throws SpoolUnavailableException if the directory cannot be created or written: a broker must not accept
     *                                   requests it cannot keep
     */
    public static Spool open(Path directory, Durability durability) {
        return open(directory, durability, SystemTimeProvider.INSTANCE);
    }

    /** With the clock the queue rolls its daily files by (tests move it to another day). */
    static Spool open(Path directory, Durability durability, TimeProvider time) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SpoolUnavailableException("cannot create spool directory " + directory + ": " + e, e);
        }
        if (!Files.isWritable(directory)) {
            throw new SpoolUnavailableException("spool directory " + directory + " is not writable by this user");
        }
        // Without these opens Chronicle silently falls back to a read-only queue and only the first append fails.
        if (!Object.class.getModule().isOpen("java.lang.reflect", Spool.class.getModule())) {
            throw new SpoolUnavailableException("the JVM was started without --add-opens=java.base/java.lang.reflect="
                    + "ALL-UNNAMED; Chronicle would open spool " + directory + " read-only (README: JVM flags)");
        }
        ChronicleQueue queue = SingleChronicleQueueBuilder.single(directory.toFile())
                .rollCycle(RollCycles.FAST_DAILY)
                .timeProvider(time)
                .syncMode(durability.syncMode())
                .build();
        Spool spool = new Spool(directory, queue, durability, false, time);
        LOG.info("Spool open at {} (durability {}), last request id {}", directory, durability, spool.lastId);
        return spool;
    }

    /**
     * Opens an existing spool to read it, also while a broker appends to it (export, inspection). It sees the
     * requests spooled up to the moment it opened.
     */
    public static Spool openForReading(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new SpoolUnavailableException("no spool at " + directory);
        }
        if (!Object.class.getModule().isOpen("java.lang.reflect", Spool.class.getModule())) {
            throw new SpoolUnavailableException("the JVM was started without --add-opens=java.base/java.lang.reflect="
                    + "ALL-UNNAMED, which Chronicle needs (README: JVM flags)");
        }
        ChronicleQueue queue = SingleChronicleQueueBuilder.single(directory.toFile()).readOnly(true)
                .rollCycle(RollCycles.FAST_DAILY).build();
        return new Spool(directory, queue, Durability.NONE, true, SystemTimeProvider.INSTANCE);
    }

    public Path directory() {
        return directory;
    }

    /**
     * Appends a request under the next id and returns it with that id, once it is durable.
     * The id in {@code request} is ignored.
     */
    public WriteRequest append(WriteRequest request) {
        return appendAll(List.of(request)).get(0);
    }

    /** Appends several requests (one acquisition's) with a single sync at the end. */
    public List<WriteRequest> appendAll(List<WriteRequest> requests) {
        if (readOnly) {
            throw new SpoolUnavailableException("spool " + directory + " is open for reading only");
        }
        return call(() -> {
            List<WriteRequest> stored = new ArrayList<>(requests.size());
            for (WriteRequest request : requests) {
                WriteRequest withId = request.withId(lastId + 1);
                // Never backwards, even if the clock is set back: time ranges rely on the order.
                lastSpooledAt = Math.max(lastSpooledAt, time.currentTimeMillis());
                long spooledAt = lastSpooledAt;
                appender.writeDocument(w -> write(w, withId, spooledAt));
                lastId = withId.id();
                index.add(lastId, appender.lastIndexAppended());
                stored.add(withId);
            }
            if (durability != Durability.NONE) {
                appender.sync();
            }
            return stored;
        });
    }

    /** The id of the newest request, 0 when the spool is empty. */
    public long lastId() {
        return call(() -> lastId);
    }

    /** Every request in the spool, oldest first. Meant for tests and small spools; it holds all in memory. */
    public List<WriteRequest> readAll() {
        List<WriteRequest> all = new ArrayList<>();
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return all;
                    }
                    all.add(read(dc.wire()));
                }
            }
        }
    }

    /** The request with this id, if the spool has it. */
    public Optional<WriteRequest> read(long id) {
        return entry(id).map(SpoolEntry::request);
    }

    /** The request with this id and when it was spooled, if the spool has it. */
    public Optional<SpoolEntry> entry(long id) {
        long queueIndex = index.queueIndexOf(id);
        if (queueIndex < 0) {
            return Optional.empty();
        }
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(queueIndex)) {
                return Optional.empty();
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                return dc.isPresent() ? Optional.of(readEntry(dc.wire())) : Optional.empty();
            }
        }
    }

    /** The id of the oldest request the spool still holds (0 when empty). */
    public long firstId() {
        return index.firstId();
    }

    /** Hands every request with an id in {@code fromId..toId} (inclusive) to {@code consumer}, in order. */
    public void forEach(long fromId, long toId, java.util.function.Consumer<SpoolEntry> consumer) {
        long first = Math.max(fromId, index.firstId());
        long queueIndex = index.queueIndexOf(first);
        if (queueIndex < 0 || toId < first) {
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
                    SpoolEntry entry = readEntry(dc.wire());
                    if (entry.request().id() > toId) {
                        return;
                    }
                    consumer.accept(entry);
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
    public java.util.List<Long> deleteSettledDaysBefore(long cutoffMillis, java.util.function.LongPredicate settled) {
        return call(() -> {
            java.util.List<Long> deleted = new ArrayList<>();
            RollCycle cycles = queue.rollCycle();
            long id = index.firstId();
            while (id > 0 && id <= lastId) {
                int cycle = cycles.toCycle(index.queueIndexOf(id));
                long last = id;
                while (last + 1 <= lastId && cycles.toCycle(index.queueIndexOf(last + 1)) == cycle) {
                    last++;
                }
                if (last == lastId || entry(last).map(SpoolEntry::spooledAtMillis).orElse(Long.MAX_VALUE) >= cutoffMillis
                        || !java.util.stream.LongStream.rangeClosed(id, last).allMatch(settled)) {
                    break;
                }
                Path file = directory.resolve(java.time.format.DateTimeFormatter.ofPattern(cycles.format())
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(java.time.Instant.ofEpochMilli((long) cycle * cycles.lengthInMillis())) + ".cq4");
                Files.deleteIfExists(file);
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

    /** The first id spooled at or after {@code millis}; {@code lastId() + 1} when there is none. */
    public long firstIdSpooledAtOrAfter(long millis) {
        long low = index.firstId();
        long high = index.lastId() + 1;
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

    /** Up to {@code limit} requests that match, newest first. */
    public List<WriteRequest> newestFirst(int limit, Predicate<WriteRequest> filter) {
        List<WriteRequest> found = new ArrayList<>();
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd()) {
            while (found.size() < limit) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    WriteRequest request = read(dc.wire());
                    if (filter.test(request)) {
                        found.add(request);
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
        return new SpoolTailer(queue.createTailer(name), this::read);
    }

    /** Reads the id and time of every record once (not the JSON texts) to map ids to queue indices; returns the last id. */
    private long buildIndex() {
        long last = 0;
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return last;
                    }
                    last = dc.wire().read(ID).int64();
                    lastSpooledAt = Math.max(lastSpooledAt, dc.wire().read(SPOOLED_AT).int64());
                    index.add(last, dc.index());
                }
            }
        }
    }

    private void write(WireOut wire, WriteRequest request, long spooledAt) {
        wire.write(ID).int64(request.id())
                .write(SPOOLED_AT).int64(spooledAt)
                .write(TIMESTAMP).float64(request.timestamp())
                .write(DATA_API_REQUEST).text(request.dataApiRequest())
                .write(PARAMETERS).text(request.parameters())
                .write(RERUN_OF).int64(request.rerunOf());
    }

    private WriteRequest read(WireIn wire) {
        return readEntry(wire).request();
    }

    private SpoolEntry readEntry(WireIn wire) {
        long id = wire.read(ID).int64();
        long spooledAt = wire.read(SPOOLED_AT).int64();
        double timestamp = wire.read(TIMESTAMP).float64();
        String query = wire.read(DATA_API_REQUEST).text();
        String parameters = wire.read(PARAMETERS).text();
        long rerunOf = wire.read(RERUN_OF).int64();
        return new SpoolEntry(new WriteRequest(id, timestamp, query, parameters, rerunOf), spooledAt);
    }

    private <T> T call(java.util.concurrent.Callable<T> work) {
        return appendThread.call(work);
    }

    @Override
    public void close() {
        try {
            if (!readOnly) {
                call(() -> {
                    if (appender != null) {
                        appender.close();
                    }
                    return null;
                });
            }
        } finally {
            appendThread.close();
            queue.close();
        }
    }
}
