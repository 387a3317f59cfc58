package org.sfdw.workers.layout;

import java.io.InterruptedIOException;
import java.util.concurrent.Executor;

/**
 * Where one file's filled row blocks go into HDF5: on the parsing thread itself, or handed to a thread of their own,
 * so that parsing the next block and writing the last one overlap (on a scalar-heavy answer the two take about the
 * same time: numbers on one side, a variable-length {@code global_date} string per event on the other).
 *
 * <p>The file is the same either way: the blocks, their rows and the order of the HDF5 calls on each dataset do not
 * change, only the thread that makes them. HDF5's Java binding serialises every call, so a dataset created on the
 * parsing thread while a block is being written on the other is safe. The first failure of a write (a full disk) is
 * thrown from the next {@link #submit} or from {@link #drain}, to the parsing thread, as it would have been in line.
 */
final class BlockWrites {

    private final Executor executor;
    private int pending;
    private Throwable failure;

    /** @param executor runs the writes in submission order: one thread, or {@code Runnable::run} for in line */
    BlockWrites(Executor executor) {
        this.executor = executor;
    }

    /** Queues a write; throws what an earlier one threw, and then queues nothing. */
    void submit(Runnable write) {
        synchronized (this) {
            rethrowFailure();
            pending++;
        }
        executor.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            } finally {
                synchronized (this) {
                    pending--;
                    notifyAll();
                }
            }
        });
        synchronized (this) {
            rethrowFailure();
        }
    }

    /** Waits until every queued write has run; throws the first failure. */
    synchronized void drain() throws InterruptedIOException {
        awaitIdle();
        rethrowFailure();
    }

    /** Waits for the queued writes, whatever they do: before a failed file's datasets are closed. */
    synchronized void settle() {
        boolean interrupted = false;
        while (pending > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitIdle() throws InterruptedIOException {
        while (pending > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the file's last blocks were being written");
            }
        }
    }

    private void rethrowFailure() {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }
}
