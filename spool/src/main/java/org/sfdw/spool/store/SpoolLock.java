package org.sfdw.spool.store;

import org.sfdw.spool.SpoolUnavailableException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer per spool: an exclusive lock on {@code <spool>/lock}, held as long as the spool is open for writing.
 * The file names the holder (pid, host, what it is, since when), so that a refused second broker can say who runs.
 * The lock is the kernel's (fcntl), so it goes with the process however that ends, kill -9 included.
 */
public final class SpoolLock implements AutoCloseable {

    public static final String FILE = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SpoolLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param holder what takes it, for the message a second process gets (e.g. "sfdw broker")
     * @throws SpoolLockedException when another process (or this one) has the spool open for writing
     */
    public static SpoolLock acquire(Path directory, String holder) {
        Path file = directory.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new SpoolUnavailableException("cannot open the lock file " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw new SpoolLockedException("spool " + directory + " is already open for writing in this process ("
                    + describe(file) + ")");
        } catch (IOException e) {
            close(channel);
            throw new SpoolUnavailableException("cannot lock " + file + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            close(channel);
            throw new SpoolLockedException("spool " + directory + " is in use by another process: " + describe(file)
                    + ". One broker per spool: stop that one first, or give this one another spool.directory");
        }
        try {
            String text = "pid " + ProcessHandle.current().pid() + " on " + host() + ": " + holder + ", since "
                    + Instant.now() + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            // the lock holds without the note; a refused process then says less about who holds it
        }
        return new SpoolLock(channel, lock);
    }

    private static String describe(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "the lock file " + file + " names no holder" : text;
        } catch (IOException e) {
            return "the lock file " + file + " cannot be read";
        }
    }

    private static String host() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        return at < 0 ? "this host" : name.substring(at + 1);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // it was only opened
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        close(channel);
    }

    /** The spool is locked by someone else. */
    public static final class SpoolLockedException extends SpoolUnavailableException {
        public SpoolLockedException(String message) {
            super(message);
        }
    }
}
