package org.sfdw.spool.store;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Function;

/**
 * A few tailers kept for single lookups by queue index ({@code GET /requests/<id>}): a fresh tailer opens and maps
 * the day's file it moves to and closes it again, which costs more than the lookup; a kept one still holds the file
 * of its last lookup. Each tailer is used by one thread at a time.
 */
public final class TailerPool implements AutoCloseable {

    private final ChronicleQueue queue;
    private final ArrayBlockingQueue<ExcerptTailer> idle;
    private volatile boolean closed;

    public TailerPool(ChronicleQueue queue, int size) {
        this.queue = queue;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /** Runs {@code lookup} with a tailer of this pool (positioned anywhere). */
    public <T> T withTailer(Function<ExcerptTailer, T> lookup) {
        ExcerptTailer tailer = idle.poll();
        if (tailer == null) {
            tailer = queue.createTailer();
        }
        tailer.singleThreadedCheckReset();
        boolean kept = false;
        try {
            T result = lookup.apply(tailer);
            kept = !closed && idle.offer(tailer);
            return result;
        } finally {
            if (!kept) {
                tailer.close();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ExcerptTailer tailer;
        while ((tailer = idle.poll()) != null) {
            tailer.singleThreadedCheckReset();
            tailer.close();
        }
    }
}
