package org.sfdw.spool.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * The highest request id the broker acknowledged, kept in a small file beside the queue files so that it survives
 * any damage to them: an id at or below it was answered 200 and must be in the spool; a record above it never was,
 * and may be cut away. Two checksummed slots are written in turn, so a torn write leaves the other one intact.
 */
public final class IdMark implements AutoCloseable {

    public static final String FILE = "acknowledged-id";
    private static final int SLOT = 16;

    private final Path file;
    private final FileChannel channel;
    private final boolean durable;
    private final ByteBuffer slot = ByteBuffer.allocate(SLOT).order(ByteOrder.LITTLE_ENDIAN);

    private IdMark(Path file, FileChannel channel, boolean durable) {
        this.file = file;
        this.channel = channel;
        this.durable = durable;
    }

    /** Opens (creating it at full size, so that later writes need no new disk blocks) the mark of {@code directory}. */
    public static IdMark open(Path directory, boolean durable) {
        Path file = directory.resolve(FILE);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (channel.size() < 2 * SLOT) {
                channel.write(ByteBuffer.allocate((int) (2 * SLOT - channel.size())), channel.size());
                channel.force(true);
            }
            return new IdMark(file, channel, durable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** The mark of {@code directory} without opening it for writing; empty when there is none. */
    public static OptionalLong read(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return OptionalLong.empty();
        }
        try {
            return highest(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Records {@code id} as acknowledged; with durability it is on disk when this returns. */
    public synchronized void write(long id) {
        slot.clear();
        slot.putLong(id).putInt(checksum(id)).putInt(0).flip();
        try {
            channel.write(slot, (id & 1) * SLOT);
            if (durable) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record acknowledged id " + id + " in " + file, e);
        }
    }

    private static OptionalLong highest(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long best = -1;
        for (int at = 0; at + SLOT <= bytes.length && at < 2 * SLOT; at += SLOT) {
            long id = buffer.getLong(at);
            if (buffer.getInt(at + 8) == checksum(id) && id > best) {
                best = id;
            }
        }
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
    }

    private static int checksum(long id) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, id));
        return (int) crc.getValue() ^ 0x5f1d;   // never 0 for id 0: a zeroed slot is no mark
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to save: every write was forced when it was made
        }
    }
}
