package org.sfdw.spool;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one thread that owns a Chronicle appender (appenders belong to one thread): callers hand it work and wait,
 * but never longer than the deadline, so that a disk that hangs cannot hang the callers (and the locks they hold)
 * with it. Work that is still running when its caller gives up is told so, and must not commit.
 * Failures come back as {@link SpoolUnavailableException} naming the queue.
 */
public final class AppendThread implements AutoCloseable {

    /** Work for the thread; {@code abandoned} turns true once the caller stopped waiting for it. */
    public interface Work<T> {
        T run(AtomicBoolean abandoned) throws Exception;
    }

    private final String queueName;
    private final Duration deadline;
    private final ExecutorService executor;

    public AppendThread(String threadName, String queueName, Duration deadline) {
        this.queueName = queueName;
        this.deadline = deadline;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    public <T> T call(Callable<T> work) {
        return call(abandoned -> work.call());
    }

    public <T> T call(Work<T> work) {
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<T> future;
        try {
            future = executor.submit(() -> work.run(abandoned));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new SpoolUnavailableException(queueName + " is closed");
        }
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandoned.set(true);
            future.cancel(false);
            throw new SpoolUnavailableException(queueName + " did not finish writing within " + deadline.toMillis()
                    + " ms (spool.appendTimeout): its disk may hang; nothing was acknowledged");
        } catch (InterruptedException e) {
            abandoned.set(true);
            Thread.currentThread().interrupt();
            throw new SpoolUnavailableException("interrupted while appending to " + queueName, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SpoolUnavailableException unavailable) {
                throw unavailable;
            }
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
