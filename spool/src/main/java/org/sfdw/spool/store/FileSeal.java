package org.sfdw.spool.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The result of checking one closed daily queue file, kept in {@code sealed/} beside it, so that a start checks
 * only the files written since (the newest, and any whose size or modification time changed) instead of the whole
 * history. What the check found is the owner's: the spool keeps its id runs, the journal nothing but the fact.
 * Damage that comes later without changing the file's size or time (a failing disk) is still found by the
 * checksum of every read and by {@code sfdw spool verify}, which reads everything.
 */
public final class FileSeal {

    private static final Logger LOG = LoggerFactory.getLogger(FileSeal.class);
    public static final String DIRECTORY = "sealed";
    private static final int MAGIC = 0x53465331;   // "SFS1"

    private FileSeal() {
    }

    /** The check result sealed for {@code file}, if a seal exists and the file is as it was when sealed. */
    public static Optional<byte[]> read(Path file) {
        Path seal = sealOf(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(seal);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("The seal {} cannot be read ({}); {} is checked again", seal, e.toString(), file.getFileName());
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            if (bytes.length < 24 || (int) crc.getValue() != in.getInt(bytes.length - 4) || in.getInt() != MAGIC) {
                LOG.warn("The seal {} is damaged; {} is checked again", seal, file.getFileName());
                return Optional.empty();
            }
            long[] stamp = stamp(file);
            if (in.getLong() != stamp[0] || in.getLong() != stamp[1]) {
                return Optional.empty();   // the file changed since: checked again
            }
            return Optional.of(Arrays.copyOfRange(bytes, in.position(), bytes.length - 4));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("The seal {} does not read ({}); {} is checked again", seal, e.toString(), file.getFileName());
            return Optional.empty();
        }
    }

    /** Seals {@code file} with what its check found (written whole and renamed; not synced: it can be redone). */
    public static void write(Path file, byte[] found) {
        Path seal = sealOf(file);
        try {
            Files.createDirectories(seal.getParent());
            long[] stamp = stamp(file);
            ByteBuffer out = ByteBuffer.allocate(4 + 16 + found.length + 4);
            out.putInt(MAGIC).putLong(stamp[0]).putLong(stamp[1]).put(found);
            CRC32C crc = new CRC32C();
            crc.update(out.array(), 0, out.position());
            out.putInt((int) crc.getValue());
            Path temporary = seal.resolveSibling(seal.getFileName() + ".new");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(out.flip());
            }
            Files.move(temporary, seal, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal " + file, e);
        }
    }

    /** Removes the seal of a file that is deleted or set aside. */
    public static void remove(Path file) {
        try {
            Files.deleteIfExists(sealOf(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the seal of " + file, e);
        }
    }

    public static boolean exists(Path file) {
        return Files.exists(sealOf(file));
    }

    private static Path sealOf(Path file) {
        return file.resolveSibling(DIRECTORY).resolve(file.getFileName() + ".seal");
    }

    private static long[] stamp(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new long[]{attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)};
    }
}
