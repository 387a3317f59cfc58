package org.sfdw.spool.forward;

import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolTailer;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.bsread.WriteRequestFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Tails the spool onto a ZMQ PUSH socket as bsread write-request messages.
 *
 * <p>It moves past a request only once ZMQ accepted it; with no writer connected it keeps offering the same
 * request and logs how long it has waited. Its position is a named tailer on disk, so a restarted broker continues
 * with the first request this forwarder had not sent.
 */
public final class Forwarder implements AutoCloseable {

    public static final String TAILER_NAME = "forwarder";

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long WAIT_REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Spool spool;
    private final ZContext context;
    private final ForwarderSettings settings;
    private final WriteRequestFrames frames;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong lastForwardedId = new AtomicLong(-1);   // -1 until the position on disk is read
    private volatile boolean running;
    private volatile long waitingSinceNanos;     // 0 = not waiting for a writer
    private ZMQ.Socket socket;
    private volatile Thread thread;
    private long messageCounter;                 // bsread main-header pulse_id, per sender as in the original

    public Forwarder(Spool spool, ZContext context, ForwarderSettings settings) {
        this.spool = spool;
        this.context = context;
        this.settings = settings;
        this.frames = new WriteRequestFrames(settings.sendRequestIds());
    }

    /** Binds the socket (so a taken port fails here, at start-up) and starts forwarding. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("forwarder already started");
        }
        socket = context.createSocket(SocketType.PUSH);
        socket.setSndHWM(settings.highWaterMark());
        socket.setSendTimeOut((int) settings.sendTimeout().toMillis());
        if (!socket.bind(settings.bindAddress())) {
            context.destroySocket(socket);
            throw new IllegalStateException("cannot bind write-request stream to " + settings.bindAddress());
        }
        running = true;
        thread = new Thread(this::run, "forwarder");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Forwarding spooled write requests to {} (request ids {})", settings.bindAddress(),
                settings.sendRequestIds() ? "on" : "off");
    }

    public long forwardedCount() {
        return forwarded.get();
    }

    /**
     * Every request up to this id has been handed to a writer (in this run or before a restart); -1 while the
     * forwarder has not yet read its position.
     */
    public long lastForwardedId() {
        return lastForwardedId.get();
    }

    /** True while the forwarding thread runs. */
    public boolean isRunning() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    /** True while a request is ready but no writer took it. */
    public boolean isWaitingForWriter() {
        return waitingSinceNanos != 0;
    }

    private void run() {
        long lastReport = 0;
        try (SpoolTailer tailer = spool.namedTailer(TAILER_NAME)) {
            long next = tailer.peekNextId().orElse(spool.lastId() + 1);
            lastForwardedId.set(next - 1);
            if (next <= spool.lastId()) {
                LOG.info("Resuming with request {}: {} spooled requests were not yet forwarded", next,
                        spool.lastId() - next + 1);
            }
            while (running) {
                switch (tailer.offerNext(this::send)) {
                    case NOTHING_NEW -> LockSupport.parkNanos(IDLE_PARK_NANOS);
                    case TAKEN -> {
                        if (waitingSinceNanos != 0) {
                            LOG.info("A writer took the waiting request after {} s",
                                    (System.nanoTime() - waitingSinceNanos) / 1_000_000_000L);
                        }
                        waitingSinceNanos = 0;
                    }
                    case DECLINED -> {
                        long now = System.nanoTime();
                        if (waitingSinceNanos == 0) {
                            waitingSinceNanos = now;
                            lastReport = now;
                            LOG.warn("No writer is connected to {}: requests wait in the spool", settings.bindAddress());
                        } else if (now - lastReport > WAIT_REPORT_NANOS) {
                            lastReport = now;
                            LOG.warn("Still no writer on {} after {} s; {} requests forwarded so far",
                                    settings.bindAddress(), (now - waitingSinceNanos) / 1_000_000_000L,
                                    forwarded.get());
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Forwarder stopped by an error; spooled requests are kept and resume on restart", e);
        } finally {
            context.destroySocket(socket);
        }
    }

    private boolean send(WriteRequest request) {
        Instant now = Instant.now();
        List<byte[]> message = frames.encode(request, messageCounter, now.getEpochSecond(), now.getNano());
        // ZMQ queues a multipart message whole once its first frame is accepted: only that send can time out.
        if (!socket.send(message.get(0), ZMQ.SNDMORE)) {
            return false;
        }
        for (int i = 1; i < message.size(); i++) {
            socket.send(message.get(i), i < message.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        messageCounter++;
        forwarded.incrementAndGet();
        lastForwardedId.set(request.id());
        LOG.info("Forwarded {} to the writers", request.label());
        return true;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(settings.sendTimeout().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
