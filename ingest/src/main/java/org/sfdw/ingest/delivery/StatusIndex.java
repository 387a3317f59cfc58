package org.sfdw.ingest.delivery;

import org.sfdw.spool.SpoolUnavailableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The final status of every request by id, in memory-mapped files beside the outcome journal: 16 bytes per
 * request (the journal position of its standing final outcome, its state, its attempts), in segments of 65536
 * ids, so that the status of any request, old or new, is one read and nothing is loaded at start. It is derived
 * from the journal and never synced on its own: a {@link LedgerCheckpoint} syncs it and records the journal
 * position it covers, and the journal after that position is applied again at start. Requests still on their way
 * are not kept here but in the ledger's memory and the checkpoint.
 */
final class StatusIndex implements AutoCloseable {

    static final int IDS_PER_SEGMENT = 1 << 16;
    private static final int RECORD = 16;
    private static final Pattern SEGMENT = Pattern.compile("ids-(\\d{8})\\.dat");

    /** The journal position of a final outcome the journal has not taken yet (its disk was full). */
    static final long NOT_JOURNALLED = -1;

    /** @param journalIndex where its standing final outcome is in the journal; 0 none, or {@link #NOT_JOURNALLED} */
    record Entry(DeliveryState state, int attempts, long journalIndex) {
        static final Entry NONE = new Entry(DeliveryState.SPOOLED, 0, 0);
    }

    private final Path directory;
    private final TreeMap<Long, MappedByteBuffer> segments = new TreeMap<>();

    private StatusIndex(Path directory) {
        this.directory = directory;
    }

    /** Opens (creating it if needed) the index in {@code directory}. */
    static StatusIndex open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SpoolUnavailableException("cannot create the status index " + directory + ": " + e, e);
        }
        return new StatusIndex(directory);
    }

    Path directory() {
        return directory;
    }

    synchronized Entry get(long id) {
        if (id <= 0) {
            return Entry.NONE;
        }
        MappedByteBuffer segment = segment(id / IDS_PER_SEGMENT, false);
        if (segment == null) {
            return Entry.NONE;
        }
        int at = offset(id);
        byte state = segment.get(at + 8);
        if (state <= 0 || state >= DeliveryState.values().length) {
            return Entry.NONE;
        }
        return new Entry(DeliveryState.values()[state], segment.get(at + 9), segment.getLong(at));
    }

    synchronized void put(long id, Entry entry) {
        MappedByteBuffer segment = segment(id / IDS_PER_SEGMENT, true);
        int at = offset(id);
        segment.putLong(at, entry.journalIndex());
        segment.put(at + 9, (byte) Math.min(127, entry.attempts()));
        segment.put(at + 8, (byte) entry.state().ordinal());
    }

    /** Writes every change to disk (before a checkpoint names the journal position they cover). */
    synchronized void force() {
        segments.values().forEach(MappedByteBuffer::force);
    }

    /** Deletes the segments whose ids are all below {@code firstHeldId} (their requests left the spool). */
    synchronized int dropBelow(long firstHeldId) {
        int dropped = 0;
        for (Path file : segmentFiles()) {
            long number = number(file);
            if ((number + 1) * IDS_PER_SEGMENT <= firstHeldId) {
                segments.remove(number);
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + file, e);
                }
                dropped++;
            }
        }
        return dropped;
    }

    /** Deletes every segment: the index is built anew from the journal. */
    synchronized void clear() {
        segments.clear();
        for (Path file : segmentFiles()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + file, e);
            }
        }
    }

    private static int offset(long id) {
        return (int) (id % IDS_PER_SEGMENT) * RECORD;
    }

    private MappedByteBuffer segment(long number, boolean create) {
        MappedByteBuffer segment = segments.get(number);
        if (segment != null) {
            return segment;
        }
        Path file = directory.resolve(String.format("ids-%08d.dat", number));
        if (!create && !Files.exists(file)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) IDS_PER_SEGMENT * RECORD);
        } catch (IOException e) {
            throw new SpoolUnavailableException("cannot map the status index segment " + file + ": " + e, e);
        }
        segments.put(number, segment);
        return segment;
    }

    private List<Path> segmentFiles() {
        try (Stream<Path> files = Files.list(directory)) {
            return new ArrayList<>(files.filter(f -> SEGMENT.matcher(f.getFileName().toString()).matches())
                    .sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static long number(Path file) {
        Matcher m = SEGMENT.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file.toString());
        }
        return Long.parseLong(m.group(1));
    }

    @Override
    public synchronized void close() {
        force();
        segments.clear();
    }
}
