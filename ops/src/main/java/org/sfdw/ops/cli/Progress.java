package org.sfdw.ops.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A line on stderr every few seconds while one request downloads ({@code sfdw write: run.h5.err:1: 12.3 MB
 * received, 4.1 MB/s}), so that a long re-run shows it is alive; nothing for one that is done within the first.
 */
final class Progress implements AutoCloseable {

    private static final long EVERY_SECONDS = 3;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });

    Progress(PrintStream err, String what, LongSupplier bytesRead) {
        long startBytes = bytesRead.getAsLong();
        long startNanos = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            double mb = (bytesRead.getAsLong() - startBytes) / 1e6;
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            err.printf(Locale.ROOT, "sfdw write: %s: %.1f MB received, %.1f MB/s%n", what, mb, mb / seconds);
        }, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
