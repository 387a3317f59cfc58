package org.sfdw.spool;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireType;
import org.sfdw.spool.store.CheckedRecord;
import org.sfdw.spool.store.DamagedRecordException;

/**
 * A spooled request as bytes in a queue document: {@link CheckedRecord} format {@code 'S'} with id, spooled-at
 * time, timestamp, re-run-of id, query and parameters. Records spooled before checksums existed (Chronicle's binary
 * wire, field by field) are still read, unchecked.
 */
public final class SpoolRecords {

    static final byte FORMAT = 'S';
    static final byte TOMBSTONE = 'T';

    /** Ids {@code fromId..toId} that a salvage could not save: they stay taken, so that no id is issued twice. */
    public record Tombstone(long fromId, long toId, String why) {
    }

    private SpoolRecords() {
    }

    public static byte[] encode(WriteRequest request, long spooledAtMillis) {
        return new CheckedRecord.Writer(FORMAT)
                .putLong(request.id())
                .putLong(spooledAtMillis)
                .putDouble(request.timestamp())
                .putLong(request.rerunOf())
                .putString(request.dataApiRequest())
                .putString(request.parameters())
                .toBytes();
    }

    public static byte[] encode(Tombstone tombstone) {
        return new CheckedRecord.Writer(TOMBSTONE).putLong(tombstone.fromId()).putLong(tombstone.toId())
                .putString(tombstone.why()).toBytes();
    }

    public static boolean isTombstone(byte[] bytes) {
        return CheckedRecord.hasFormat(bytes, TOMBSTONE);
    }

    /** @throws DamagedRecordException when the bytes are not a whole, unchanged tombstone */
    public static Tombstone decodeTombstone(byte[] bytes) {
        CheckedRecord.Reader reader = CheckedRecord.read(bytes, TOMBSTONE);
        Tombstone tombstone = new Tombstone(reader.getLong(), reader.getLong(), reader.getString());
        reader.end();
        if (tombstone.fromId() < 1 || tombstone.toId() < tombstone.fromId()) {
            throw new DamagedRecordException("a tombstone for ids " + tombstone.fromId() + ".." + tombstone.toId());
        }
        return tombstone;
    }

    /** @throws DamagedRecordException when the bytes are not a whole, unchanged record */
    public static SpoolEntry decode(byte[] bytes) {
        if (!CheckedRecord.hasFormat(bytes, FORMAT)) {
            return decodeUnchecked(bytes);
        }
        return fields(CheckedRecord.read(bytes, FORMAT));
    }

    private static SpoolEntry fields(CheckedRecord.Reader reader) {
        long id = reader.getLong();
        long spooledAt = reader.getLong();
        double timestamp = reader.getDouble();
        long rerunOf = reader.getLong();
        String query = reader.getString();
        String parameters = reader.getString();
        reader.end();
        if (query == null || parameters == null) {
            throw new DamagedRecordException("request " + id + " has no query or no parameters");
        }
        return new SpoolEntry(new WriteRequest(id, timestamp, query, parameters, rerunOf), spooledAt);
    }

    /**
     * What a damaged record still says, if its fields read (the checksum not trusted), for listing it as an audit
     * line that an operator can check and resubmit.
     */
    public static java.util.Optional<SpoolEntry> readIgnoringChecksum(byte[] bytes) {
        try {
            if (!CheckedRecord.hasFormat(bytes, FORMAT)) {
                return java.util.Optional.of(decodeUnchecked(bytes));
            }
            return java.util.Optional.of(fields(CheckedRecord.readIgnoringChecksum(bytes, FORMAT)));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** True when the record carries no checksum (spooled by a version before checksums). */
    public static boolean isUnchecked(byte[] bytes) {
        return !CheckedRecord.hasFormat(bytes, FORMAT);
    }

    private static SpoolEntry decodeUnchecked(byte[] bytes) {
        try {
            WireIn wire = WireType.BINARY_LIGHT.apply(Bytes.wrapForRead(bytes));
            long id = wire.read("id").int64();
            long spooledAt = wire.read("spooled_at").int64();
            double timestamp = wire.read("timestamp").float64();
            String query = wire.read("data_api_request").text();
            String parameters = wire.read("parameters").text();
            long rerunOf = wire.read("rerun_of").int64();
            if (id <= 0 || query == null || parameters == null) {
                throw new DamagedRecordException("an unchecked record (written before checksums) without id, query "
                        + "or parameters");
            }
            return new SpoolEntry(new WriteRequest(id, timestamp, query, parameters, rerunOf), spooledAt);
        } catch (RuntimeException e) {
            if (e instanceof DamagedRecordException damaged) {
                throw damaged;
            }
            throw new DamagedRecordException("an unchecked record (written before checksums) that cannot be read: "
                    + e);
        }
    }
}
