package org.sfdw.spool;

import net.openhft.chronicle.bytes.SyncMode;

/**
 * How hard {@link Spool#append} works before it returns.
 * SYNC (the default) means the request is on disk before the broker answers.
 */
public enum Durability {
    /** fsync (msync MS_SYNC) of the queue file after every append: survives a power cut. */
    SYNC(SyncMode.SYNC),
    /** msync MS_ASYNC: survives a crash of the process, not of the machine. */
    ASYNC(SyncMode.ASYNC),
    /** Written to the memory-mapped file only; the OS flushes it when it likes. */
    NONE(SyncMode.NONE);

    private final SyncMode syncMode;

    Durability(SyncMode syncMode) {
        this.syncMode = syncMode;
    }

    public SyncMode syncMode() {
        return syncMode;
    }
}
