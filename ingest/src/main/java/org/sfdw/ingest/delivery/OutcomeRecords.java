package org.sfdw.ingest.delivery;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireType;
import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.spool.store.CheckedRecord;
import org.sfdw.spool.store.DamagedRecordException;

import java.util.List;
import java.util.Locale;

/**
 * An outcome as bytes in the outcome journal: {@link CheckedRecord} format {@code 'O'} with request id, kind,
 * writer, time, output file, {@code .err} file, error and the completeness report as JSON. Records journalled
 * before checksums existed (Chronicle's binary wire, field by field) are still read, unchecked.
 */
final class OutcomeRecords {

    static final byte FORMAT = 'O';

    private final OutcomeCodec codec;

    OutcomeRecords(OutcomeCodec codec) {
        this.codec = codec;
    }

    byte[] encode(Outcome outcome) {
        return new CheckedRecord.Writer(FORMAT)
                .putLong(outcome.requestId())
                .putString(outcome.kind().label())
                .putString(outcome.writer())
                .putLong(outcome.timeMillis())
                .putString(outcome.outputFile())
                .putString(outcome.errFile())
                .putString(outcome.error())
                .putString(outcome.report().isEmpty() ? null : codec.reportText(outcome.report()))
                .toBytes();
    }

    /**
     * Checks that the bytes are a whole, unchanged outcome: the report's JSON, written by this class and covered by
     * the checksum, is not parsed (a start checks the newest day's records this way).
     *
     * @throws DamagedRecordException when they are not
     */
    void check(byte[] bytes) {
        read(bytes, false);
    }

    /** @throws DamagedRecordException when the bytes are not a whole, unchanged outcome */
    Outcome decode(byte[] bytes) {
        return read(bytes, true);
    }

    /** @param withReport false to leave the report unparsed (the outcome then has none) */
    private Outcome read(byte[] bytes, boolean withReport) {
        if (!CheckedRecord.hasFormat(bytes, FORMAT)) {
            return decodeUnchecked(bytes);
        }
        CheckedRecord.Reader reader = CheckedRecord.read(bytes, FORMAT);
        long id = reader.getLong();
        Outcome.Kind kind = kind(reader.getString());
        String writer = reader.getString();
        long time = reader.getLong();
        String outputFile = reader.getString();
        String errFile = reader.getString();
        String error = reader.getString();
        String report = reader.getString();
        reader.end();
        return new Outcome(id, kind, writer, time, outputFile, errFile, error, withReport ? report(report) : List.of());
    }

    private Outcome decodeUnchecked(byte[] bytes) {
        try {
            WireIn wire = WireType.BINARY_LIGHT.apply(Bytes.wrapForRead(bytes));
            long id = wire.read("request_id").int64();
            Outcome.Kind kind = kind(wire.read("kind").text());
            String writer = wire.read("writer").text();
            long time = wire.read("time").int64();
            String outputFile = wire.read("output_file").text();
            String errFile = wire.read("err_file").text();
            String error = wire.read("error").text();
            // Records written before reports were journalled have no "report" field.
            String report = wire.hasMore() ? wire.read("report").text() : null;
            return new Outcome(id, kind, writer, time, outputFile, errFile, error, report(report));
        } catch (DamagedRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DamagedRecordException("an unchecked outcome (journalled before checksums) that cannot be read: "
                    + e);
        }
    }

    private List<ChannelReport> report(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return codec.reportOf(text);
        } catch (IllegalArgumentException e) {
            throw new DamagedRecordException(e.getMessage());
        }
    }

    private static Outcome.Kind kind(String label) {
        try {
            return Outcome.Kind.valueOf(String.valueOf(label).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DamagedRecordException("unknown outcome kind '" + label + "'");
        }
    }
}
