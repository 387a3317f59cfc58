package org.sfdw.spool.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The bytes of one record as the spool and the outcome journal store them: a format byte, the CRC32C of everything
 * after the checksum, then the fields (little-endian numbers, strings as a length and UTF-8 bytes, -1 for null).
 *
 * <p>Chronicle's own self-describing wire was used before; it reads a damaged field name as a default value, so a
 * flipped byte became a different but plausible request. A checksum over the whole record makes any change visible.
 */
public final class CheckedRecord {

    private static final int HEADER = 5;   // format byte + CRC32C

    private CheckedRecord() {
    }

    /** Builds one record's bytes. */
    public static final class Writer {
        private final byte format;
        private ByteBuffer buffer = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);

        public Writer(byte format) {
            this.format = format;
            buffer.position(HEADER);
        }

        public Writer putLong(long value) {
            room(8).putLong(value);
            return this;
        }

        public Writer putDouble(double value) {
            room(8).putDouble(value);
            return this;
        }

        public Writer putByte(byte value) {
            room(1).put(value);
            return this;
        }

        public Writer putString(String value) {
            if (value == null) {
                room(4).putInt(-1);
                return this;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            room(4 + utf8.length).putInt(utf8.length).put(utf8);
            return this;
        }

        /** The record: format byte, checksum, fields. */
        public byte[] toBytes() {
            byte[] bytes = Arrays.copyOf(buffer.array(), buffer.position());
            bytes[0] = format;
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(1, checksum(bytes));
            return bytes;
        }

        private ByteBuffer room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                        .order(ByteOrder.LITTLE_ENDIAN);
                bigger.put(buffer.array(), 0, buffer.position());
                buffer = bigger;
            }
            return buffer;
        }
    }

    /** Reads one record's fields after checking its format and checksum. */
    public static final class Reader {
        private final ByteBuffer buffer;

        private Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        public long getLong() {
            need(8);
            return buffer.getLong();
        }

        public double getDouble() {
            need(8);
            return buffer.getDouble();
        }

        public byte getByte() {
            need(1);
            return buffer.get();
        }

        public String getString() {
            need(4);
            int length = buffer.getInt();
            if (length == -1) {
                return null;
            }
            if (length < 0) {
                throw new DamagedRecordException("a string of length " + length);
            }
            need(length);
            String text = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
            return text;
        }

        /** @throws DamagedRecordException when bytes are left over: the record is not what its format says */
        public void end() {
            if (buffer.hasRemaining()) {
                throw new DamagedRecordException(buffer.remaining() + " bytes after the last field");
            }
        }

        private void need(int bytes) {
            if (buffer.remaining() < bytes) {
                throw new DamagedRecordException("the record ends inside a field");
            }
        }
    }

    /** True when {@code bytes} start with this format byte (older records in Chronicle's wire format do not). */
    public static boolean hasFormat(byte[] bytes, byte format) {
        return bytes.length > 0 && bytes[0] == format;
    }

    /** @throws DamagedRecordException when the record is too short or its checksum does not match its bytes */
    public static Reader read(byte[] bytes, byte format) {
        if (bytes.length < HEADER || bytes[0] != format) {
            throw new DamagedRecordException(bytes.length < HEADER ? "only " + bytes.length + " bytes"
                    : "unknown record format " + (bytes[0] & 0xff));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int stored = buffer.getInt(1);
        int actual = checksum(bytes);
        if (stored != actual) {
            throw new DamagedRecordException(String.format("checksum mismatch (stored %08x, computed %08x)",
                    stored, actual));
        }
        buffer.position(HEADER);
        return new Reader(buffer);
    }

    /** Reads the fields without checking the checksum: for showing what a damaged record still says. */
    public static Reader readIgnoringChecksum(byte[] bytes, byte format) {
        if (bytes.length < HEADER || bytes[0] != format) {
            throw new DamagedRecordException("not a record of format " + (format & 0xff));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(HEADER);
        return new Reader(buffer);
    }

    private static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER, bytes.length - HEADER);
        return (int) crc.getValue();
    }
}
