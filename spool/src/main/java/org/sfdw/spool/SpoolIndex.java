package org.sfdw.spool;

import java.util.Arrays;

/**
 * Maps request ids to Chronicle queue indices. Ids are dense (1, 2, 3, ...) but queue indices jump between roll
 * cycles, so the index keeps one slot per id; a slot of -1 is an id the spool does not hold. A record is live only
 * if the index maps its id to its own queue index: a request written again under the same id (after an append
 * that failed half-way was answered with an error) replaces the one before it. Thread-safe.
 */
final class SpoolIndex {

    private long firstId = -1;
    private long[] queueIndices = new long[1024];
    private int size;

    /** The slot of an id that a salvage recorded as lost (a tombstone): taken, but not held, and not missing. */
    static final long LOST = -2;

    /** Marks ids up to {@code toId} as lost ({@link #LOST}) after the last held one. */
    synchronized void loseThrough(long fromId, long toId) {
        for (long id = fromId; id <= toId; id++) {
            add(id, LOST);
        }
    }

    /** Records {@code id} at {@code queueIndex}; an id at or below the last forgets every id from it on first. */
    synchronized void add(long id, long queueIndex) {
        if (firstId < 0 || size == 0) {
            firstId = id;
            size = 0;
        }
        if (id < firstId) {
            throw new IllegalArgumentException("id " + id + " is older than the oldest id held, " + firstId);
        }
        int slot = Math.toIntExact(id - firstId);
        size = Math.min(size, slot);
        while (size < slot) {
            append(-1);
        }
        append(queueIndex);
    }

    private void append(long queueIndex) {
        if (size == queueIndices.length) {
            queueIndices = Arrays.copyOf(queueIndices, size * 2);
        }
        queueIndices[size++] = queueIndex;
    }

    /** Forgets every id above {@code id}. */
    synchronized void truncateAfter(long id) {
        if (firstId >= 0) {
            size = (int) Math.max(0, Math.min(size, id - firstId + 1));
        }
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
        return firstId < 0 || size == 0 ? 0 : firstId;
    }

    /** The last id held, 0 when empty. */
    synchronized long lastId() {
        return firstId < 0 || size == 0 ? 0 : firstId + size - 1;
    }

    /** The queue index of request {@code id}, or -1 when the spool does not hold it. */
    synchronized long queueIndexOf(long id) {
        if (firstId < 0 || id < firstId || id >= firstId + size) {
            return -1;
        }
        return queueIndices[(int) (id - firstId)];
    }

    /** The queue index of the first id in {@code fromId..toId} the spool holds, or -1 when it holds none of them. */
    synchronized long firstHeldFrom(long fromId, long toId) {
        for (long id = Math.max(fromId, firstId()); id <= Math.min(toId, lastId()); id++) {
            long queueIndex = queueIndexOf(id);
            if (queueIndex >= 0) {
                return queueIndex;
            }
        }
        return -1;
    }

    /** The held ids whose slot is empty, as ranges "a..b", at most {@code limit} of them. */
    synchronized java.util.List<String> gaps(int limit) {
        java.util.List<String> gaps = new java.util.ArrayList<>();
        for (int i = 0; i < size && gaps.size() < limit; i++) {
            if (queueIndices[i] == -1) {
                int j = i;
                while (j + 1 < size && queueIndices[j + 1] == -1) {
                    j++;
                }
                gaps.add((firstId + i) + (j > i ? ".." + (firstId + j) : ""));
                i = j;
            }
        }
        return gaps;
    }
}
