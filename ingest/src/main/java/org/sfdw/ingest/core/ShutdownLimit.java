package org.sfdw.ingest.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Bounds how long the broker takes to stop once the JVM shuts down (SIGTERM, System.exit): an orderly stop can
 * wait on a disk that hangs or a thread that is stuck, and the JVM waits for every shutdown hook. A hook of ours
 * starts a daemon timer that halts the process when the limit passes; if everything stops in time, the JVM ends
 * first and the timer with it.
 */
public final class ShutdownLimit {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownLimit.class);

    /** The exit status of a stop that had to be cut short. */
    public static final int HALT_STATUS = 124;

    private ShutdownLimit() {
    }

    public static void install(Duration limit) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread timer = new Thread(() -> {
                try {
                    Thread.sleep(limit.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                LOG.error("The broker did not stop within {} s (shutdownLimit); halting", limit.toSeconds());
                Runtime.getRuntime().halt(HALT_STATUS);
            }, "shutdown-limit");
            timer.setDaemon(true);
            timer.start();
        }, "shutdown-limit-hook"));
    }
}
