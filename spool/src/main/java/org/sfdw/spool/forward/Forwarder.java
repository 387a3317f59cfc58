package org.sfdw.spool.forward;

import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolTailer;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.bsread.WriteRequestFrames;
import org.sfdw.spool.link.ZmqHeartbeats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Tails the spool onto a ZMQ PUSH socket as bsread write-request messages.
 *
 * <p>It moves past a request only once ZMQ accepted it and its {@link DeliveryListener} recorded the sending; with
 * no writer connected it keeps offering the same request and logs how long it has waited. Its position is a named
 * tailer on disk, so a restarted broker continues with the first request this forwarder had not sent. Requests
 * queued with {@link #redeliver} go out before new ones.
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
    private final DeliveryListener listener;
    private final Queue<Long> redeliveries = new ConcurrentLinkedQueue<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final AtomicLong reopens = new AtomicLong();
    private volatile boolean reopenRequested;
    private final AtomicLong lastForwardedId = new AtomicLong(-1);   // -1 until the position on disk is read
    private volatile boolean running;
    private volatile long waitingSinceNanos;     // 0 = not waiting for a writer
    private volatile ZMQ.Socket socket;     // replaced by the forwarding thread when the stream is reopened
    private volatile Thread thread;
    private volatile Throwable fatal;
    private volatile String failingWith;          // the error of the forwarding attempts failing now, null when not
    private volatile long failingSinceNanos;
    private long lastFailureReportNanos;
    private long messageCounter;                 // bsread main-header pulse_id, per sender as in the original
    private long lastWaitReportNanos;

    public Forwarder(Spool spool, ZContext context, ForwarderSettings settings, DeliveryListener listener) {
        this.spool = spool;
        this.context = context;
        this.settings = settings;
        this.frames = new WriteRequestFrames(settings.sendRequestIds());
        this.listener = listener;
    }

    /**
     * Sends request {@code id} again, ahead of new requests (its writer went silent).
     *
     * @return false when it is already waiting to be sent again
     */
    public boolean redeliver(long id) {
        if (redeliveries.contains(id)) {
            return false;
        }
        redeliveries.add(id);
        return true;
    }

    /**
     * Closes and rebinds the stream before the next sending. A request that went unanswered may be stuck in a pipe
     * (JeroMQ 0.6 can hold the first messages to a freshly connected writer) or sent to a writer that was killed
     * and is still in the round robin; a new socket drops those pipes, writers reconnect by themselves, and what the
     * old pipes held is sent again by redelivery.
     */
    public void reopenStream() {
        reopenRequested = true;
    }

    private ZMQ.Socket boundSocket() {
        ZMQ.Socket s = context.createSocket(SocketType.PUSH);
        s.setSndHWM(settings.highWaterMark());
        s.setSendTimeOut((int) settings.sendTimeout().toMillis());
        if (settings.sendRequestIds()) {
            // Our writers (and the original's on libzmq 4.2+) answer pings: a cut link is dropped within seconds
            // instead of swallowing requests until TCP gives up. Without acknowledgements the frames and the
            // socket stay exactly the original broker's.
            ZmqHeartbeats.enable(s);
        }
        try {
            if (s.bind(settings.bindAddress())) {
                return s;
            }
        } catch (org.zeromq.ZMQException e) {
            LOG.debug("Binding {} failed: {}", settings.bindAddress(), e.toString());
        }
        context.destroySocket(s);
        return null;
    }

    /**
     * Binds, trying again for a while: a socket of this address closed moments ago (the stream reopened, a forwarder
     * stopped in this process) frees the port in the background.
     *
     * @return null when the address stayed taken, or {@code keepTrying} said to stop
     */
    private ZMQ.Socket boundSocketWithin(Duration within, java.util.function.BooleanSupplier keepTrying) {
        long deadline = System.nanoTime() + within.toNanos();
        ZMQ.Socket bound = boundSocket();
        while (bound == null && System.nanoTime() < deadline && keepTrying.getAsBoolean()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            bound = boundSocket();
        }
        return bound;
    }

    private void reopen() {
        socket.setLinger(0);
        context.destroySocket(socket);
        ZMQ.Socket fresh = boundSocketWithin(Duration.ofSeconds(10), () -> running);
        if (fresh == null) {
            reopenRequested = true;
            throw new IllegalStateException("could not bind " + settings.bindAddress() + " again after reopening it");
        }
        socket = fresh;
        reopens.incrementAndGet();
        LOG.warn("Reopened the write-request stream {}: a request on it went unanswered; writers reconnect",
                settings.bindAddress());
    }

    /** The address the stream is bound to. */
    public String address() {
        return settings.bindAddress();
    }

    public long reopenCount() {
        return reopens.get();
    }

    public long redeliveredCount() {
        return redelivered.get();
    }

    /** How long requests have been waiting for a writer, zero when they are not. */
    public Duration waitingForWriter() {
        long since = waitingSinceNanos;
        return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    /** Binds the socket (so a taken port fails here, at start-up) and starts forwarding. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("forwarder already started");
        }
        socket = boundSocketWithin(Duration.ofSeconds(5), () -> true);
        if (socket == null) {
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

    /** Why the forwarding thread ended while it should run, empty while it runs (or was never started). */
    public java.util.Optional<String> failure() {
        Thread t = thread;
        if (!running || t == null || t.isAlive()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("the forwarding thread ended" + (fatal == null ? "" : ": " + fatal));
    }

    /** The error that makes forwarding fail at the moment (it is retried), empty while it works. */
    public java.util.Optional<String> failingWith() {
        String error = failingWith;
        return error == null ? java.util.Optional.empty() : java.util.Optional.of(error + " (failing for "
                + (System.nanoTime() - failingSinceNanos) / 1_000_000_000L + " s)");
    }

    /** True while a request is ready but no writer took it. */
    public boolean isWaitingForWriter() {
        return waitingSinceNanos != 0;
    }

    private void run() {
        try (SpoolTailer tailer = spool.namedTailer(TAILER_NAME)) {
            long next = tailer.peekNextId().orElse(spool.lastId() + 1);
            lastForwardedId.set(next - 1);
            if (next <= spool.lastId()) {
                LOG.info("Resuming with request {}: {} spooled requests were not yet forwarded", next,
                        spool.lastId() - next + 1);
            }
            while (running) {
                try {
                    forwardOnce(tailer);
                    failingWith = null;
                } catch (RuntimeException e) {
                    // Nothing is lost (the tailer did not move past what was not sent); try again shortly.
                    failing(e);
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                }
            }
        } catch (Throwable t) {
            fatal = t;
            LOG.error("Forwarder stopped by {}; spooled requests are kept and resume on restart", t.toString(), t);
        } finally {
            context.destroySocket(socket);
        }
    }

    private void failing(RuntimeException e) {
        long now = System.nanoTime();
        if (failingWith == null) {
            failingSinceNanos = now;
            lastFailureReportNanos = now;
            LOG.error("Forwarding failed, retrying every second: {}", e.toString(), e);
        } else if (now - lastFailureReportNanos > TimeUnit.MINUTES.toNanos(1)) {
            lastFailureReportNanos = now;
            LOG.error("Forwarding still fails after {} s, retrying every second: {}",
                    (now - failingSinceNanos) / 1_000_000_000L, e.toString());
        }
        failingWith = e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private void forwardOnce(SpoolTailer tailer) {
        if (reopenRequested) {
            reopenRequested = false;
            reopen();
        }
        Long again = redeliveries.peek();
        if (again != null) {
            redeliverNow(again);
            return;
        }
        switch (tailer.offerNext(this::send)) {
            case NOTHING_NEW -> LockSupport.parkNanos(IDLE_PARK_NANOS);
            case TAKEN -> writerTookIt();
            case DECLINED -> noWriter();
        }
    }

    private void redeliverNow(long id) {
        WriteRequest request = spool.read(id).orElse(null);
        if (request == null) {
            redeliveries.poll();
            LOG.warn("Cannot redeliver request {}: it is no longer in the spool", id);
            return;
        }
        if (send(request)) {
            redeliveries.poll();
            redelivered.incrementAndGet();
            LOG.warn("Redelivered {}: its writer went silent", request.label());
            writerTookIt();
        } else {
            noWriter();
        }
    }

    private void writerTookIt() {
        if (waitingSinceNanos != 0) {
            LOG.info("A writer took the waiting request after {} s",
                    (System.nanoTime() - waitingSinceNanos) / 1_000_000_000L);
        }
        waitingSinceNanos = 0;
    }

    private void noWriter() {
        long now = System.nanoTime();
        if (waitingSinceNanos == 0) {
            waitingSinceNanos = now;
            lastWaitReportNanos = now;
            LOG.warn("No writer is connected to {}: requests wait in the spool", settings.bindAddress());
        } else if (now - lastWaitReportNanos > WAIT_REPORT_NANOS) {
            lastWaitReportNanos = now;
            LOG.warn("Still no writer on {} after {} s; {} requests forwarded so far, {} waiting",
                    settings.bindAddress(), (now - waitingSinceNanos) / 1_000_000_000L, forwarded.get(),
                    spool.lastId() - lastForwardedId.get());
        }
    }

    private boolean send(WriteRequest request) {
        Instant now = Instant.now();
        List<byte[]> message = frames.encode(request, listener.nextDelivery(request.id()), messageCounter,
                now.getEpochSecond(), now.getNano());
        // ZMQ queues a multipart message whole once its first frame is accepted: only that send can time out.
        if (!socket.send(message.get(0), ZMQ.SNDMORE)) {
            return false;
        }
        for (int i = 1; i < message.size(); i++) {
            socket.send(message.get(i), i < message.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        messageCounter++;
        // Recorded before the tailer moves on: a crash in between re-sends the request rather than losing it.
        listener.sent(request);
        forwarded.incrementAndGet();
        lastForwardedId.accumulateAndGet(request.id(), Math::max);
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
