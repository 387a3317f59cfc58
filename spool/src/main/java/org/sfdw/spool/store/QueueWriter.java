package org.sfdw.spool.store;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import org.sfdw.spool.SpoolUnavailableException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes checked records into a Chronicle queue as whole documents: the disk blocks they will touch are allocated
 * first (see {@link DiskReserve}), a document that fails half-way is rolled back, and a sync makes them durable.
 * It belongs to the one thread that owns the queue's appender.
 *
 * <p>Before each append the bytes the document will occupy (zeros, as they are) and the file's header page (as it
 * is) are also written with plain system calls. On a disk that hangs, the append then waits in a system call, where
 * the JVM can still reach its safepoints and the caller's deadline answers, and not in a page fault inside Java
 * code, which stalls every thread of the JVM at the next safepoint.
 */
public final class QueueWriter implements AutoCloseable {

    private static final long ALLOCATE_AHEAD = 1024 * 1024;
    private static final long INDEX_ROOM = 64 * 1024;   // Chronicle writes its index arrays in line with the data
    private static final int HEADER_PAGE = 256;          // the queue file's header, which every append updates

    private final Path directory;
    private final ChronicleQueue queue;
    private final TimeProvider time;
    private final DiskReserve reserve;
    private final String what;
    private final ExcerptAppender appender;
    private int writeCycle;
    private long writeEnd;
    private long allocatedThrough = -1;
    private FileChannel touchChannel;    // the cycle file of touchCycle, for the plain writes before an append
    private int touchCycle = -1;

    /**
     * @param what   names the queue in errors ("the spool", "the outcome journal")
     * @param newest how the newest queue file ended when its start check read it, empty for a new queue
     */
    public QueueWriter(Path directory, ChronicleQueue queue, TimeProvider time, DiskReserve reserve, String what,
                       Optional<QueueFileScanner.FileSummary> newest) {
        this.directory = directory;
        this.queue = queue;
        this.time = time;
        this.reserve = reserve;
        this.what = what;
        this.appender = queue.createAppender();
        this.writeCycle = newest.map(f -> QueueFileScanner.cycleOf(f.file())).orElse(-1);
        this.writeEnd = newest.map(QueueFileScanner.FileSummary::endOffset).orElse(-1L);
        allocateMetadata();
    }

    /**
     * Checks the free-space reserve and allocates room for {@code bytes} more.
     *
     * @throws SpoolFullException when the disk has no room: nothing was written
     */
    public void makeRoom(long bytes) {
        reserve.check(directory, what);
        int cycle = queue.rollCycle().current(time, 0);
        if (cycle != writeCycle || writeEnd < 0) {
            return;   // a new day's file: Chronicle creates it, and the free-space check has covered it
        }
        long need = writeEnd + bytes + INDEX_ROOM;
        if (need > allocatedThrough) {
            reserve.allocate(QueueFileScanner.cycleFile(directory, cycle), writeEnd, need - writeEnd + ALLOCATE_AHEAD, what);
            allocatedThrough = need + ALLOCATE_AHEAD;
        }
        touch(cycle, bytes);
    }

    /** Writes what the next append will store through the mapping with plain writes first (see the class comment). */
    private void touch(int cycle, long bytes) {
        try {
            if (touchCycle != cycle) {
                if (touchChannel != null) {
                    touchChannel.close();
                }
                touchChannel = FileChannel.open(QueueFileScanner.cycleFile(directory, cycle), StandardOpenOption.READ, StandardOpenOption.WRITE);
                touchCycle = cycle;
            }
            long from = (writeEnd + 3) & ~3L;   // the next header: never a byte of the last document
            long length = bytes + 8;
            if (from + length > touchChannel.size() || length > Integer.MAX_VALUE) {
                return;   // the file grows as Chronicle maps it; an append this far out is rare
            }
            touchChannel.write(ByteBuffer.allocate((int) length), from);
            ByteBuffer header = ByteBuffer.allocate(HEADER_PAGE);
            int read = touchChannel.read(header, 0);
            if (read > 0) {
                header.flip();
                touchChannel.write(header, 0);
            }
        } catch (IOException e) {
            throw new SpoolUnavailableException(what + ": cannot write to " + QueueFileScanner.cycleFile(directory, cycle) + ": " + e.getMessage(),
                    e);
        }
    }

    /** Writes one document and returns its queue index; a failure leaves no document behind. */
    public long write(byte[] record) {
        long queueIndex;
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                dc.wire().bytes().write(record);
                queueIndex = dc.index();
                writeEnd = dc.wire().bytes().writePosition();
            } catch (Throwable t) {
                dc.rollbackOnClose();
                throw t;
            }
        }
        writeCycle = appender.cycle();
        return queueIndex;
    }

    public void sync() {
        appender.sync();
    }

    private void allocateMetadata() {
        Path metadata = directory.resolve("metadata.cq4t");
        try {
            if (Files.exists(metadata)) {
                reserve.allocate(metadata, 0, Files.size(metadata), what);
            }
        } catch (IOException e) {
            // the queue reports what is wrong with its own file
        }
    }


    @Override
    public void close() {
        appender.close();
        if (touchChannel != null) {
            try {
                touchChannel.close();
            } catch (IOException e) {
                // only plain writes went through it, each one finished
            }
        }
    }
}
