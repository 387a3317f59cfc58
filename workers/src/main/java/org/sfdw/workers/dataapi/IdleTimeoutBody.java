package org.sfdw.workers.dataapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A response body read as an InputStream that gives up when the data api sends nothing for {@code idleTimeout}.
 * (HttpClient's own timeout ends when the headers arrive; a server that stalls mid-body would block a plain
 * {@code ofInputStream()} reader forever.) At most {@link #WINDOW} buffer lists (the client's buffers are 16 KiB) wait
 * at a time, so memory stays small; with a window of one the client thread and the parser handed over every 16 KiB,
 * which cost about a tenth of the throughput.
 */
final class IdleTimeoutBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    static final int WINDOW = 16;

    /** Marks the end of the body; its own instance, as the client may deliver an empty list too. */
    private static final List<ByteBuffer> END = java.util.Collections.unmodifiableList(new java.util.ArrayList<>());

    private final Duration idleTimeout;
    private final LongAdder bytesRead;
    private final BlockingQueue<List<ByteBuffer>> arrived = new LinkedBlockingQueue<>();
    private final CompletableFuture<InputStream> body = CompletableFuture.completedFuture(this);
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;
    private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean ended;

    IdleTimeoutBody(Duration idleTimeout, LongAdder bytesRead) {
        this.idleTimeout = idleTimeout;
        this.bytesRead = bytesRead;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(WINDOW);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        arrived.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        failure = throwable;
        arrived.add(END);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    /** The next buffer with bytes left, or null at the end of the body. */
    private ByteBuffer buffer() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) {
                return null;
            }
            List<ByteBuffer> next;
            try {
                next = arrived.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading the data api's answer");
            }
            if (next == null) {
                close();
                throw new HttpTimeoutException("the data api sent nothing for " + idleTimeout.toSeconds()
                        + " s in the middle of its answer");
            }
            if (next == END) {
                ended = true;
                if (failure != null) {
                    throw new IOException("the data api's answer broke off: " + failure, failure);
                }
                return null;
            }
            buffers = next.iterator();
            subscription.request(1);
        }
        return current;
    }

    @Override
    public int read() throws IOException {
        ByteBuffer b = buffer();
        if (b == null) {
            return -1;
        }
        bytesRead.increment();
        return b.get() & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        ByteBuffer b = buffer();
        if (b == null) {
            return -1;
        }
        int n = Math.min(length, b.remaining());
        b.get(target, offset, n);
        bytesRead.add(n);
        return n;
    }

    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null && !ended) {
            s.cancel();
        }
        ended = true;
    }
}
