package org.sfdw.ingest.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * What a broker start needs instead of the whole outcome journal: the journal position up to which every outcome
 * is applied to the {@link StatusIndex} (synced before this file is written), and the requests that were still on
 * their way at that position. Written whole to a temporary file, synced and renamed, checksummed; a file that does
 * not read back is ignored and the index built again from the journal.
 *
 * @param journalIndex the queue index of the last journal record applied, 0 for none
 * @param open         the requests in flight, in id order
 */
record LedgerCheckpoint(long journalIndex, List<Open> open) {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerCheckpoint.class);
    private static final String FILE = "checkpoint";
    private static final int MAGIC = 0x53464331;   // "SFC1"

    /** A request in flight: sent (forwarded) or being written, and how often it was sent. */
    record Open(long id, DeliveryState state, int attempts) {
    }

    LedgerCheckpoint {
        open = List.copyOf(open);
    }

    static Optional<LedgerCheckpoint> read(Path directory) {
        Path file = directory.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("The delivery checkpoint {} cannot be read ({}); the status index is built again from the outcome "
                    + "journal", file, e.toString());
            return Optional.empty();
        }
        try {
            if (bytes.length < 4) {
                throw new IOException("it is " + bytes.length + " bytes long");
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
                throw new IOException("its checksum does not match");
            }
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 4));
            if (in.readInt() != MAGIC) {
                throw new IOException("it is not a checkpoint");
            }
            long journalIndex = in.readLong();
            int count = in.readInt();
            List<Open> open = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                open.add(new Open(in.readLong(), DeliveryState.values()[in.readByte()], in.readByte()));
            }
            return Optional.of(new LedgerCheckpoint(journalIndex, open));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The delivery checkpoint {} is damaged ({}); the status index is built again from the outcome "
                    + "journal", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Replaces the checkpoint in {@code directory}, durably. */
    void write(Path directory) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(20 + open.size() * 10);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeLong(journalIndex);
            out.writeInt(open.size());
            for (Open o : open) {
                out.writeLong(o.id());
                out.writeByte(o.state().ordinal());
                out.writeByte(Math.min(127, o.attempts()));
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = directory.resolve(FILE);
        Path temporary = directory.resolve(FILE + ".new");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes.toByteArray()));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the delivery checkpoint " + file, e);
        }
    }

    /** Removes the checkpoint: the index it describes is gone. */
    static void delete(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory.resolve(FILE), e);
        }
    }
}
