package org.sfdw.spool;

import java.util.Arrays;

/**
 * Maps request ids to Chronicle queue indices. Ids are dense (1, 2, 3, ...) but queue indices jump between roll
 * cycles, so the index keeps one slot per id. Thread-safe.
 */
final class SpoolIndex {

    private long firstId = -1;
    private long[] queueIndices = new long[1024];
    private int size;

    synchronized void add(long id, long queueIndex) {
        if (firstId < 0) {
            firstId = id;
        }
        if (id != firstId + size) {
            throw new IllegalStateException("spool ids are not dense: expected " + (firstId + size) + ", found " + id);
        }
        if (size == queueIndices.length) {
            queueIndices = Arrays.copyOf(queueIndices, size * 2);
        }
        queueIndices[size++] = queueIndex;
    }

    /** Forgets ids up to and including {@code id} (their file was deleted). */
    synchronized void dropThrough(long id) {
        int drop = (int) Math.min(size, Math.max(0, id - firstId + 1));
        System.arraycopy(queueIndices, drop, queueIndices, 0, size - drop);
        size -= drop;
        firstId += drop;
    }

    /** The first id held, 0 when empty. */
    synchronized long firstId() {
        return firstId < 0 ? 0 : firstId;
    }

    /** The last id held, 0 when empty. */
    synchronized long lastId() {
        return firstId < 0 ? 0 : firstId + size - 1;
    }

    /** The queue index of request {@code id}, or -1 when the spool does not hold it. */
    synchronized long queueIndexOf(long id) {
        if (firstId < 0 || id < firstId || id >= firstId + size) {
            return -1;
        }
        return queueIndices[(int) (id - firstId)];
    }
}
