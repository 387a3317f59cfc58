package org.sfdw.spool;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.WireIn;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the spool in order, one request at a time, and moves on only past requests its consumer took.
 * A named tailer keeps that position on disk, so a consumer that restarts continues with the first request
 * it had not taken.
 */
public final class SpoolTailer implements AutoCloseable {

    /** What {@link #offerNext} did. */
    public enum Offer { NOTHING_NEW, TAKEN, DECLINED }

    private final ExcerptTailer tailer;
    private final Function<WireIn, WriteRequest> reader;

    SpoolTailer(ExcerptTailer tailer, Function<WireIn, WriteRequest> reader) {
        this.tailer = tailer;
        this.reader = reader;
    }

    /**
     * Hands the next request to {@code consumer}. If it returns false or throws, the tailer stays where it was and the same
     * request is offered again next time.
     */
    public Offer offerNext(Predicate<WriteRequest> consumer) {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return Offer.NOTHING_NEW;
            }
            boolean taken = false;
            try {
                taken = consumer.test(reader.apply(dc.wire()));
                return taken ? Offer.TAKEN : Offer.DECLINED;
            } finally {
                if (!taken) {
                    dc.rollbackOnClose();
                }
            }
        }
    }

    /** The id of the request {@link #offerNext} would offer, without moving; empty when there is none yet. */
    public java.util.OptionalLong peekNextId() {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return java.util.OptionalLong.empty();
            }
            long id = reader.apply(dc.wire()).id();
            dc.rollbackOnClose();
            return java.util.OptionalLong.of(id);
        }
    }

    @Override
    public void close() {
        tailer.close();
    }
}
