package org.sfdw.spool.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real small file system (tmpfs) for disk-full tests, filled and freed with a plain file. Needs root; where the
 * machine does not allow the mount, the test is skipped with a message that says so.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;
    private final Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    /** Mounts a tmpfs of {@code mebibytes} at {@code mountPoint}, or skips the test. */
    public static SmallDisk mount(Path mountPoint, int mebibytes) {
        try {
            Files.createDirectories(mountPoint);
            String output = run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", mountPoint.toString());
            Assumptions.assumeTrue(output == null, "skipped: this machine does not allow mounting a small tmpfs for "
                    + "a disk-full test (mount said: " + output + ")");
        } catch (IOException e) {
            Assumptions.abort("skipped: cannot run mount for a disk-full test: " + e.getMessage());
        }
        return new SmallDisk(mountPoint);
    }

    public Path root() {
        return mountPoint;
    }

    public long freeBytes() {
        try {
            return Files.getFileStore(mountPoint).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fills the disk with a plain file until only {@code leaveBytes} (rounded to pages) are free. */
    public void fill(long leaveBytes) {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (freeBytes() > leaveBytes) {
                out.write(block, 0, (int) Math.min(block.length, Math.max(1, freeBytes() - leaveBytes)));
                out.flush();
            }
        } catch (IOException e) {
            // no space left: that is full
        }
    }

    public void free() {
        try {
            Files.deleteIfExists(filler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Remounts the disk read-only, as a file server does that went read-only after an error. */
    public void readOnly() {
        remount("ro");
    }

    public void writable() {
        remount("rw");
    }

    private void remount(String mode) {
        try {
            String failed = run("mount", "-o", "remount," + mode, mountPoint.toString());
            if (failed != null) {
                throw new IllegalStateException("remounting " + mountPoint + " " + mode + " failed: " + failed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            run("umount", "-l", mountPoint.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return null when the command succeeded, else what it printed */
    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        String output = new String(process.getInputStream().readAllBytes()).strip();
        return process.exitValue() == 0 ? null : output + " (exit " + process.exitValue() + ")";
    }
}
