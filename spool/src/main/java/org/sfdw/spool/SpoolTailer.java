package org.sfdw.spool;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the spool in order, one live request at a time, and moves on only past requests its consumer took (and
 * past dead records: cut away, or written by an append that failed). It stops before a request that is not yet
 * acknowledged. A named tailer keeps its position on disk, so a consumer that restarts continues with the first
 * request it had not taken.
 */
public final class SpoolTailer implements AutoCloseable {

    /** What {@link #offerNext} did. */
    public enum Offer { NOTHING_NEW, TAKEN, DECLINED }

    private final ExcerptTailer tailer;
    private final Function<DocumentContext, Spool.Read> classifier;

    SpoolTailer(ExcerptTailer tailer, Function<DocumentContext, Spool.Read> classifier) {
        this.tailer = tailer;
        this.classifier = classifier;
    }

    /**
     * Hands the next request to {@code consumer}. If it returns false or throws, the tailer stays where it was and
     * the same request is offered again next time.
     *
     * @throws org.sfdw.spool.store.DamagedRecordException when the next record is damaged; the tailer stays on it
     */
    public Offer offerNext(Predicate<WriteRequest> consumer) {
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return Offer.NOTHING_NEW;
                }
                Spool.Read read = read(dc);
                if (read.liveness() == Spool.Liveness.DEAD) {
                    continue;
                }
                if (read.liveness() == Spool.Liveness.NOT_YET) {
                    dc.rollbackOnClose();
                    return Offer.NOTHING_NEW;
                }
                boolean taken = false;
                try {
                    taken = consumer.test(read.entry().request());
                    return taken ? Offer.TAKEN : Offer.DECLINED;
                } finally {
                    if (!taken) {
                        dc.rollbackOnClose();
                    }
                }
            }
        }
    }

    /** The id of the request {@link #offerNext} would offer, without taking it; empty when there is none yet. */
    public OptionalLong peekNextId() {
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return OptionalLong.empty();
                }
                Spool.Read read = read(dc);
                if (read.liveness() == Spool.Liveness.DEAD) {
                    continue;
                }
                dc.rollbackOnClose();
                return read.liveness() == Spool.Liveness.LIVE ? OptionalLong.of(read.entry().request().id())
                        : OptionalLong.empty();
            }
        }
    }

    private Spool.Read read(DocumentContext dc) {
        try {
            return classifier.apply(dc);
        } catch (RuntimeException e) {
            dc.rollbackOnClose();
            throw e;
        }
    }

    @Override
    public void close() {
        tailer.close();
    }
}
