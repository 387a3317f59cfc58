package org.sfdw.workers.layout;

import org.sfdw.workers.h5.H5RowDataset;
import org.sfdw.workers.h5.RowBlock;

/**
 * Spreads a channel's rows over the union of all channels' pulses (the extended layout): target row {@code t} gets
 * source row {@code sourceOfTarget[t]}, or the missing value where that is -1. Works a window of rows at a time.
 *
 * <p>In place (source and target the same dataset) it walks from the last window back: when the pulses are strictly
 * increasing every row moves to an equal or later row, so no row is overwritten before it has been read.
 */
final class RowExpansion {

    private RowExpansion() {
    }

    static void expand(H5RowDataset source, H5RowDataset target, int[] sourceOfTarget, int windowRows) {
        boolean inPlace = source == target;
        int rows = sourceOfTarget.length;
        if (target.rows() < rows) {
            target.extendTo(rows);
        }
        RowBlock window = target.newBlock(windowRows);
        RowBlock read = source.newBlock(windowRows);
        int windows = (rows + windowRows - 1) / windowRows;
        for (int w = 0; w < windows; w++) {
            int index = inPlace ? windows - 1 - w : w;
            int start = index * windowRows;
            int count = Math.min(windowRows, rows - start);
            fill(source, sourceOfTarget, start, count, window, read);
            target.write(start, window, count);
        }
    }

    private static void fill(H5RowDataset source, int[] sourceOfTarget, int start, int count, RowBlock window,
                             RowBlock read) {
        int low = Integer.MAX_VALUE;
        int high = -1;
        for (int r = 0; r < count; r++) {
            int s = sourceOfTarget[start + r];
            if (s >= 0) {
                low = Math.min(low, s);
                high = Math.max(high, s);
            }
        }
        boolean oneRead = high >= 0 && high - low < read.capacity();
        if (oneRead) {
            source.read(low, high - low + 1, read);
        }
        for (int r = 0; r < count; r++) {
            int s = sourceOfTarget[start + r];
            if (s < 0) {
                window.clearRow(r);
            } else if (oneRead) {
                window.copyRow(read, s - low, r);
            } else {
                // Pulses out of order spread one window's sources widely: fetch them row by row (a rare repair path).
                source.read(s, 1, read);
                window.copyRow(read, 0, r);
            }
        }
    }
}
