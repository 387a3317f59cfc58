package org.sfdw.spool.store;

import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a queue from writing into space the disk does not have.
 *
 * <p>Chronicle writes through memory-mapped files, which are sparse: a page gets its disk block only when it is
 * first touched. On a full disk that touch is a SIGBUS, which the JVM turns into an {@code InternalError} in the
 * writing thread or, inside an atomic operation, into a crash of the whole process. So before a queue writes, the
 * bytes it will touch are allocated with {@code fallocate} (which fails cleanly with ENOSPC), and appends are refused
 * while the file system's free space is below the reserve.
 */
public final class DiskReserve {

    private static final Logger LOG = LoggerFactory.getLogger(DiskReserve.class);
    private static final int O_RDWR = 2;
    private static final int FALLOC_FL_KEEP_SIZE = 1;
    private static final int ENOSPC = 28;
    private static final int EOPNOTSUPP = 95;

    private final long reserveBytes;
    private volatile boolean fallocateWorks = true;

    /** @param reserveBytes appends are refused while less than this is free on the queue's file system */
    public DiskReserve(long reserveBytes) {
        this.reserveBytes = reserveBytes;
    }

    public long reserveBytes() {
        return reserveBytes;
    }

    /** Free bytes for this user on the file system of {@code directory}; -1 when it cannot be told. */
    private static long usableBytes(Path directory) {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** True while the free space of {@code directory}'s file system is at or above the reserve. */
    public boolean hasRoom(Path directory) {
        long free = usableBytes(directory);
        return free < 0 || free >= reserveBytes;
    }

    /**
     * @param what the queue, for the message ("the spool", "the outcome journal")
     * @throws SpoolFullException when less than the reserve is free
     */
    public void check(Path directory, String what) {
        long free = usableBytes(directory);
        if (free >= 0 && free < reserveBytes) {
            throw new SpoolFullException(what + "'s disk (" + directory + ") has " + mebibytes(free)
                    + " free, below the reserve of " + mebibytes(reserveBytes) + " (spool.minFreeSpace); nothing was "
                    + "written: free space there");
        }
    }

    /**
     * Gives bytes {@code offset..offset+length} of {@code file} their disk blocks, without changing the file's size
     * or content. A missing file is left alone (the queue creates it).
     *
     * @throws SpoolFullException when the disk has no room for them
     */
    public void allocate(Path file, long offset, long length, String what) {
        if (!fallocateWorks || length <= 0 || !Files.exists(file)) {
            return;
        }
        PosixAPI posix = PosixAPI.posix();
        int fd = posix.open(file.toString(), O_RDWR, 0);
        if (fd < 0) {
            return;   // the queue reports what is wrong with its own file
        }
        try {
            if (posix.fallocate(fd, FALLOC_FL_KEEP_SIZE, offset, length) != 0) {
                int error = posix.lastError();
                if (error == ENOSPC) {
                    throw new SpoolFullException(what + "'s disk has no room for " + mebibytes(length) + " more in "
                            + file + "; nothing was written: free space there");
                }
                if (error == EOPNOTSUPP) {
                    fallocateWorks = false;
                    LOG.warn("The file system of {} cannot allocate ahead (fallocate); only its free space is checked "
                            + "before appends", file);
                } else {
                    LOG.warn("Allocating {} bytes ahead in {} failed: {}", length, file, posix.strerror(error));
                }
            }
        } finally {
            posix.close(fd);
        }
    }

    static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
