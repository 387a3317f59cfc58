package org.sfdw.spool;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that owns a Chronicle appender (appenders belong to one thread): callers hand it work and wait.
 * Failures come back as {@link SpoolUnavailableException} naming the queue.
 */
public final class AppendThread implements AutoCloseable {

    private final String queueName;
    private final ExecutorService executor;

    public AppendThread(String threadName, String queueName) {
        this.queueName = queueName;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    public <T> T call(Callable<T> work) {
        Future<T> future = executor.submit(work);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpoolUnavailableException("interrupted while appending to " + queueName, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new SpoolUnavailableException(queueName + " failed: "
                    + (cause.getMessage() != null ? cause.getMessage() : cause.toString()), cause);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
