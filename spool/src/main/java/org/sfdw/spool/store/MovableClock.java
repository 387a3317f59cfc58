package org.sfdw.spool.store;

import net.openhft.chronicle.core.time.TimeProvider;

/**
 * A clock for a queue's roll cycles that its owner sets: a salvage writes each request into the day it was first
 * spooled, and tests move a queue from day to day.
 */
public final class MovableClock implements TimeProvider {

    private volatile long millis;

    public MovableClock(long millis) {
        this.millis = millis;
    }

    public void set(long newMillis) {
        millis = newMillis;
    }

    public void advance(long byMillis) {
        millis += byMillis;
    }

    @Override
    public long currentTimeMillis() {
        return millis;
    }

    @Override
    public long currentTimeMicros() {
        return millis * 1000;
    }

    @Override
    public long currentTimeNanos() {
        return millis * 1_000_000;
    }
}
