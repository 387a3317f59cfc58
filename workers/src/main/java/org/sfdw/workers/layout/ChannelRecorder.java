package org.sfdw.workers.layout;

import org.sfdw.workers.dataapi.ChannelSchema;
import org.sfdw.workers.dataapi.ChannelType;
import org.sfdw.workers.dataapi.ResponseConsumer;
import org.sfdw.workers.h5.Chunking;
import org.sfdw.workers.h5.H5File;
import org.sfdw.workers.h5.H5RowDataset;
import org.sfdw.workers.h5.RowBlock;

import java.util.Arrays;

/**
 * Streams one channel's events into {@code /data/<name>/data} and {@code /data/<name>/global_date}, one block of rows
 * at a time, in arrival order (the compact layout). Keeps only the pulse ids, which the extended layout and the
 * completeness report need.
 */
final class ChannelRecorder implements ResponseConsumer.EventSink {

    private final ChannelSchema schema;
    private final H5RowDataset data;
    private final H5RowDataset dates;
    private final RowBlock values;
    private final RowBlock dateBlock;
    private final int elementsPerEvent;
    private int blockRows;
    private int rowStart;
    private long[] pulseIds = new long[64];
    private int events;
    private boolean strictlyIncreasing = true;
    private boolean closed;

    /** @param group the channel's group in the file, where its datasets go */
    ChannelRecorder(H5File file, String group, ChannelSchema schema, Chunking chunking) {
        this.schema = schema;
        int[] dims = schema.eventDimensions();
        this.elementsPerEvent = schema.elementsPerEvent();
        this.data = file.createRows(group + "/data", schema.type(), dims, chunking.chunkRows(schema.rowBytes()));
        this.dates = file.createRows(group + "/global_date", ChannelType.STRING, new int[0],
                chunking.chunkRows(ChannelType.STRING.chunkBytes()));
        this.values = data.newBlock(chunking.blockRows(schema.rowBytes()));
        this.dateBlock = dates.newBlock(values.capacity());
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
    public void endEvent(long pulseId, String globalDate) {
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
        if (blockRows == values.capacity()) {
            flush();
        }
    }

    @Override
    public void endChannel() {
        flush();
    }

    private void flush() {
        data.append(values, blockRows);
        dates.append(dateBlock, blockRows);
        blockRows = 0;
        rowStart = 0;
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

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            data.close();
        } finally {
            dates.close();
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
