package org.sfdw.workers.h5;

/**
 * Chunk and buffer sizes for one file. Chunks are bounded by the rows the request can have at most (its pulse range),
 * so a short acquisition does not allocate big empty chunks; buffers hold whole chunks so writes do not straddle them,
 * and never more than {@link #MAX_ROWS} rows, so the per-row strings (global_date) of a buffer stay small.
 *
 * @param expectedRows the request's pulse range length, or 0 when unknown
 * @param chunkBytes   target bytes per chunk
 * @param blockBytes   target bytes per write buffer
 */
public record Chunking(long expectedRows, int chunkBytes, int blockBytes) {

    public static final int MAX_ROWS = 16_384;

    public static Chunking forRows(long expectedRows) {
        return new Chunking(expectedRows, 128 * 1024, 2 * 1024 * 1024);
    }

    public int chunkRows(int rowBytes) {
        long rows = Math.min(MAX_ROWS, Math.max(1, chunkBytes / Math.max(1, rowBytes)));
        if (expectedRows > 0) {
            rows = Math.min(rows, expectedRows);
        }
        return (int) Math.max(1, rows);
    }

    public int blockRows(int rowBytes) {
        int chunk = chunkRows(rowBytes);
        long chunks = Math.max(1, Math.min(blockBytes / ((long) chunk * Math.max(1, rowBytes)), MAX_ROWS / chunk));
        return (int) (chunk * chunks);
    }
}
