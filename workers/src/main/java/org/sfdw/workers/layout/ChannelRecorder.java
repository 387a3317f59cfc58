package org.sfdw.workers.layout;

import org.sfdw.workers.dataapi.ChannelSchema;
import org.sfdw.workers.dataapi.ChannelType;
import org.sfdw.workers.dataapi.ResponseConsumer;
import org.sfdw.workers.h5.Chunking;
import org.sfdw.workers.h5.H5File;
import org.sfdw.workers.h5.H5RowDataset;
import org.sfdw.workers.h5.RowBlock;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Streams one channel's events into {@code /data/<name>/data} and {@code /data/<name>/global_date}, one block of rows
 * at a time, in arrival order (the compact layout). Keeps only the pulse ids, which the extended layout and the
 * completeness report need.
 *
 * <p>A full block goes to {@link BlockWrites}; while it is written the events go on into a second one, so at most two
 * blocks (values and dates) exist per channel, and they are let go when the channel ends.
 */
final class ChannelRecorder implements ResponseConsumer.EventSink {

    private final ChannelSchema schema;
    // Made by the first of the channel's writes, so that every HDF5 call of the file comes in the order it would in
    // line: a dataset created ahead of the last block of the channel before would take other file space.
    private H5RowDataset data;
    private H5RowDataset dates;
    private final BlockWrites writes;
    private final int blockCapacity;
    /** Blocks the writes are done with, ready to be filled again. */
    private final BlockingQueue<Blocks> written = new ArrayBlockingQueue<>(2);
    private int blocksMade;
    /** Set when the channel has ended: the block in work is then dropped, not kept for refilling. */
    private volatile boolean ended;
    private Blocks current;
    private RowBlock values;
    private RowBlock dateBlock;
    private final int elementsPerEvent;
    private int blockRows;
    private int rowStart;
    private long[] pulseIds = new long[64];
    private int events;
    private boolean strictlyIncreasing = true;
    private boolean closed;

    /** A channel's values and their dates, filled together. */
    private record Blocks(RowBlock values, RowBlock dates) {
    }

    /** @param group the channel's group in the file, where its datasets go */
    ChannelRecorder(H5File file, String group, ChannelSchema schema, Chunking chunking, BlockWrites writes) {
        this.schema = schema;
        int[] dims = schema.eventDimensions();
        this.elementsPerEvent = schema.elementsPerEvent();
        this.writes = writes;
        this.blockCapacity = chunking.blockRows(schema.rowBytes());
        writes.submit(() -> {
            data = file.createRows(group + "/data", schema.type(), dims, chunking.chunkRows(schema.rowBytes()));
            dates = file.createRows(group + "/global_date", ChannelType.STRING, new int[0],
                    chunking.chunkRows(ChannelType.STRING.chunkBytes()));
        });
        use(newBlocks());
    }

    private Blocks newBlocks() {
        blocksMade++;
        return new Blocks(new RowBlock(schema.type(), elementsPerEvent, blockCapacity),
                new RowBlock(ChannelType.STRING, 1, blockCapacity));
    }

    private void use(Blocks blocks) {
        current = blocks;
        values = blocks.values();
        dateBlock = blocks.dates();
    }

    ChannelSchema schema() {
        return schema;
    }

    @Override
    public void putLong(int index, long value) {
        if (index < elementsPerEvent) {
            values.putLong(rowStart + index, value);
        }
    }

    @Override
    public void putDouble(int index, double value) {
        if (index < elementsPerEvent) {
            values.putDouble(rowStart + index, value);
        }
    }

    @Override
    public void putLongs(int index, long[] values, int count) {
        int stored = Math.min(count, elementsPerEvent - index);
        if (stored > 0) {
            this.values.putLongs(rowStart + index, values, stored);
        }
    }

    @Override
    public void putDoubles(int index, double[] values, int count) {
        int stored = Math.min(count, elementsPerEvent - index);
        if (stored > 0) {
            this.values.putDoubles(rowStart + index, values, stored);
        }
    }

    @Override
    public void putText(int index, String value) {
        if (index < elementsPerEvent) {
            values.putText(rowStart + index, value);
        }
    }

    @Override
    public void putRaw(java.nio.ByteBuffer value) {
        values.putRaw(rowStart, value);
    }

    @Override
    public void endEvent(long pulseId, String globalDate) throws IOException {
        if (events == pulseIds.length) {
            pulseIds = Arrays.copyOf(pulseIds, events * 2);
        }
        if (events > 0 && pulseId <= pulseIds[events - 1]) {
            strictlyIncreasing = false;
        }
        pulseIds[events++] = pulseId;
        dateBlock.putText(blockRows, globalDate == null ? RowBlock.MISSING_TEXT : globalDate);
        blockRows++;
        rowStart += elementsPerEvent;
        if (blockRows == blockCapacity) {
            flush();
            use(nextBlocks());
        }
    }

    @Override
    public void endChannel() throws IOException {
        ended = true;
        flush();
        current = null;
        values = null;
        dateBlock = null;
        written.clear();
    }

    private void flush() {
        Blocks full = current;
        int rows = blockRows;
        blockRows = 0;
        rowStart = 0;
        writes.submit(() -> {
            try {
                data.append(full.values(), rows);
                dates.append(full.dates(), rows);
            } finally {
                if (!ended) {
                    written.add(full);
                }
            }
        });
    }

    /** The block written last if it is done, a second one if there is none yet, else waits for the one in work. */
    private Blocks nextBlocks() throws InterruptedIOException {
        Blocks free = written.poll();
        if (free != null) {
            return free;
        }
        if (blocksMade < 2) {
            return newBlocks();
        }
        try {
            return written.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while channel " + schema.name() + "'s last block was "
                    + "being written");
        }
    }

    /** The pulse ids in arrival order. */
    long[] pulseIds() {
        return Arrays.copyOf(pulseIds, events);
    }

    int events() {
        return events;
    }

    boolean strictlyIncreasing() {
        return strictlyIncreasing;
    }

    H5RowDataset data() {
        return data;
    }

    H5RowDataset dates() {
        return dates;
    }

    /** After the writes are drained (or settled). */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (data != null) {
                data.close();
            }
        } finally {
            if (dates != null) {
                dates.close();
            }
        }
    }

    /** After a failure: releases the datasets, keeping the first error. */
    void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // The file is being abandoned; the failure that led here is the one to report.
        }
    }
}
