package org.sfdw.spool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps request ids to Chronicle queue indices. Ids are dense (1, 2, 3, ...) and, within a day's file, consecutive
 * requests have consecutive queue indices, so the index keeps runs: a run of ids at consecutive queue indices,
 * a run of ids the spool does not hold, or a run of ids a salvage recorded as lost. Memory grows with the days
 * and the failed appends, not with the requests. A record is live only if the index maps its id to its own queue
 * index: a request written again under the same id (after an append that failed half-way was answered with an
 * error) replaces the one before it. Thread-safe.
 */
final class SpoolIndex {

    /** The slot of an id that a salvage recorded as lost (a tombstone): taken, but not held, and not missing. */
    static final long LOST = -2;
    private static final long MISSING = -1;

    private long[] starts = new long[16];    // first id of each run
    private long[] indices = new long[16];   // queue index of its first id, or MISSING, or LOST
    private long[] counts = new long[16];
    private int runs;

    /** Marks ids {@code fromId..toId} as lost ({@link #LOST}) after the last held one. */
    synchronized void loseThrough(long fromId, long toId) {
        addRun(fromId, LOST, toId - fromId + 1);
    }

    /** Records {@code id} at {@code queueIndex}; an id at or below the last forgets every id from it on first. */
    synchronized void add(long id, long queueIndex) {
        addRun(id, queueIndex, 1);
    }

    /** Records {@code count} ids from {@code id} at consecutive queue indices from {@code queueIndex} (or lost). */
    synchronized void addRun(long id, long queueIndex, long count) {
        if (runs > 0 && id < starts[0]) {
            throw new IllegalArgumentException("id " + id + " is older than the oldest id held, " + starts[0]);
        }
        if (runs > 0) {
            truncateAfterLocked(id - 1);
        }
        if (runs > 0 && id > lastIdLocked() + 1) {
            append(lastIdLocked() + 1, MISSING, id - lastIdLocked() - 1);
        }
        append(id, queueIndex, count);
    }

    private void append(long id, long queueIndex, long count) {
        if (runs > 0) {
            int last = runs - 1;
            boolean follows = starts[last] + counts[last] == id;
            boolean sameKind = queueIndex < 0 ? indices[last] == queueIndex
                    : indices[last] >= 0 && indices[last] + counts[last] == queueIndex;
            if (follows && sameKind) {
                counts[last] += count;
                return;
            }
        }
        if (runs == starts.length) {
            starts = Arrays.copyOf(starts, runs * 2);
            indices = Arrays.copyOf(indices, runs * 2);
            counts = Arrays.copyOf(counts, runs * 2);
        }
        starts[runs] = id;
        indices[runs] = queueIndex;
        counts[runs] = count;
        runs++;
    }

    /** Forgets every id above {@code id}. */
    synchronized void truncateAfter(long id) {
        truncateAfterLocked(id);
    }

    private void truncateAfterLocked(long id) {
        while (runs > 0 && starts[runs - 1] > id) {
            runs--;
        }
        if (runs > 0 && starts[runs - 1] + counts[runs - 1] - 1 > id) {
            counts[runs - 1] = id - starts[runs - 1] + 1;
        }
    }

    /** Forgets ids up to and including {@code id} (their file was deleted). */
    synchronized void dropThrough(long id) {
        int drop = 0;
        while (drop < runs && starts[drop] + counts[drop] - 1 <= id) {
            drop++;
        }
        System.arraycopy(starts, drop, starts, 0, runs - drop);
        System.arraycopy(indices, drop, indices, 0, runs - drop);
        System.arraycopy(counts, drop, counts, 0, runs - drop);
        runs -= drop;
        if (runs > 0 && starts[0] <= id) {
            long cut = id - starts[0] + 1;
            starts[0] += cut;
            counts[0] -= cut;
            if (indices[0] >= 0) {
                indices[0] += cut;
            }
        }
    }

    /** The first id held, 0 when empty. */
    synchronized long firstId() {
        return runs == 0 ? 0 : starts[0];
    }

    /** The last id held, 0 when empty. */
    synchronized long lastId() {
        return runs == 0 ? 0 : lastIdLocked();
    }

    private long lastIdLocked() {
        return starts[runs - 1] + counts[runs - 1] - 1;
    }

    /** The queue index of request {@code id}, -1 when the spool does not hold it, {@link #LOST} when lost. */
    synchronized long queueIndexOf(long id) {
        int run = runOf(id);
        if (run < 0) {
            return MISSING;
        }
        return indices[run] < 0 ? indices[run] : indices[run] + (id - starts[run]);
    }

    /** The run holding {@code id}, -1 when none does. */
    private int runOf(long id) {
        int at = Arrays.binarySearch(starts, 0, runs, id);
        int run = at >= 0 ? at : -at - 2;
        return run >= 0 && id < starts[run] + counts[run] ? run : -1;
    }

    /** The queue index of the first id in {@code fromId..toId} the spool holds, or -1 when it holds none of them. */
    synchronized long firstHeldFrom(long fromId, long toId) {
        if (runs == 0) {
            return MISSING;
        }
        long from = Math.max(fromId, starts[0]);
        if (from > Math.min(toId, lastIdLocked())) {
            return MISSING;
        }
        int run = runOf(from);
        for (; run >= 0 && run < runs && starts[run] <= toId; run++) {
            if (indices[run] >= 0) {
                return indices[run] + Math.max(0, from - starts[run]);
            }
        }
        return MISSING;
    }

    /** The held ids whose slot is empty, as ranges "a..b", at most {@code limit} of them. */
    synchronized List<String> gaps(int limit) {
        List<String> gaps = new ArrayList<>();
        for (int i = 0; i < runs && gaps.size() < limit; i++) {
            if (indices[i] == MISSING) {
                long last = starts[i] + counts[i] - 1;
                gaps.add(starts[i] + (last > starts[i] ? ".." + last : ""));
            }
        }
        return gaps;
    }
}
