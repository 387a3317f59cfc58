package org.sfdw.workers.core;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.bsread.BsreadDecoder;
import org.sfdw.spool.bsread.BsreadFormatException;
import org.sfdw.spool.bsread.WriteRequestDelivery;
import org.sfdw.spool.bsread.WriteRequestFrames;
import org.sfdw.spool.link.RedialingSocket;
import org.sfdw.spool.link.ZmqHeartbeats;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pulls write requests from the broker's stream and processes them one after another, as the original writer did;
 * several writers on one stream share the requests. Requests are taken off the stream as soon as they arrive, so
 * that for a request with an id the broker hears at once that it was received; then heartbeats while the writer
 * holds it (waiting or being written), then written, failed or skipped.
 */
public final class RequestReceiver implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(RequestReceiver.class);
    private static final int RECEIVE_TIMEOUT_MS = 1000;
    private static final long REDIAL_MILLIS = 2_000;

    private final ZContext context;
    private final String address;
    private final int receiveHighWaterMark;
    private final BsreadDecoder decoder;
    private final WriteRequestProcessor processor;
    private final OutcomeSender outcomes;
    private final Duration heartbeatInterval;
    private final String writerName;
    private final Map<Outcome.Kind, Counter> results = new EnumMap<>(Outcome.Kind.class);
    private final Counter rejected;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<WriteRequestDelivery> held = new LinkedBlockingQueue<>();
    private final Set<Long> heldIds = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread thread;
    private Thread worker;

    public RequestReceiver(ZContext context, String address, int receiveHighWaterMark, BsreadDecoder decoder,
                           WriteRequestProcessor processor, OutcomeSender outcomes, Duration heartbeatInterval,
                           MetricRegistry metrics) {
        this.context = context;
        this.address = address;
        this.receiveHighWaterMark = receiveHighWaterMark;
        this.decoder = decoder;
        this.processor = processor;
        this.outcomes = outcomes;
        this.heartbeatInterval = heartbeatInterval;
        // host, boot, PID namespace and pid: unique among writers on several hosts and in containers, and the same
        // as in this writer's temporary file names and file marks
        this.writerName = WriterIdentity.ofThisProcess().token();
        for (Outcome.Kind kind : List.of(Outcome.Kind.WRITTEN, Outcome.Kind.FAILED, Outcome.Kind.SKIPPED,
                Outcome.Kind.SUPERSEDED)) {
            results.put(kind, metrics.counter("sfdw.writer.requests." + kind.label()));
        }
        this.rejected = metrics.counter("sfdw.writer.messages.rejected");
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "request-receiver");
        worker = new Thread(this::work, "request-writer");
        thread.start();
        worker.start();
        long every = heartbeatInterval.toMillis();
        // Presence at once and then every interval, busy or idle, so that the broker knows its writers.
        heartbeats.scheduleAtFixedRate(() -> {
            try {
                long now = System.currentTimeMillis();
                outcomes.send(Outcome.presence(writerName, now));
                heldIds.forEach(id -> outcomes.send(Outcome.of(id, Outcome.Kind.HEARTBEAT, writerName, now)));
            } catch (RuntimeException e) {
                // An exception would end the timer for good, and the broker would take this writer for gone.
                LOG.warn("Could not send this writer's heartbeat: {}", e.toString());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }

    public boolean isRunning() {
        return thread != null && thread.isAlive() && worker != null && worker.isAlive();
    }

    private void run() {
        RedialingSocket link = new RedialingSocket(context, SocketType.PULL, address, socket -> {
            socket.setRcvHWM(receiveHighWaterMark);
            socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
            // When the broker reopens its stream, be back within a second or two, not after ZMTP's 30 s handshake
            // timeout on a connection that went nowhere.
            socket.setReconnectIVL(100);
            socket.setReconnectIVLMax(1000);
            socket.setHandshakeIvl(3000);
            ZmqHeartbeats.enable(socket);
        }, REDIAL_MILLIS, System.currentTimeMillis());
        try {
            LOG.info("Pulling write requests from {}", address);
            while (running) {
                link.check(System.currentTimeMillis());
                List<byte[]> frames = receive(link.socket());
                if (frames.isEmpty()) {
                    continue;
                }
                WriteRequestDelivery delivery;
                try {
                    delivery = WriteRequestFrames.decodeDelivery(decoder.decode(frames));
                } catch (BsreadFormatException e) {
                    rejected.inc();
                    LOG.error("Dropped a message from {} that is not a write request: {}", address, e.getMessage());
                    continue;
                }
                WriteRequest request = delivery.request();
                LOG.info("Received {}{} ({} waiting before it)", request.label(), delivery.number() > 1
                        ? ", sending " + delivery.number() : "", held.size());
                if (request.hasId()) {
                    heldIds.add(request.id());
                    outcomes.send(Outcome.of(request.id(), Outcome.Kind.RECEIVED, writerName,
                            System.currentTimeMillis()));
                }
                held.add(delivery);
            }
        } catch (org.zeromq.ZMQException e) {
            if (running) {
                LOG.error("Request receiver on {} stopped: {}", address, e.toString());
            }
        } finally {
            link.close();
        }
    }

    /** Writes the held requests one after another and reports how each ended. */
    private void work() {
        try {
            while (running || !held.isEmpty()) {
                WriteRequestDelivery delivery = held.poll(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                if (delivery == null) {
                    continue;
                }
                if (!running) {
                    held.add(delivery);
                    break;
                }
                WriteRequest request = delivery.request();
                WriteResult result = processor.process(delivery);
                results.get(result.kind()).inc();
                if (request.hasId()) {
                    outcomes.send(new Outcome(request.id(), result.kind(), writerName, System.currentTimeMillis(),
                            result.outputFile() == null ? null : result.outputFile().toString(),
                            result.errFile() == null ? null : result.errFile().toString(), result.error(),
                            result.report()));
                    heldIds.remove(request.id());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("The writing thread stopped; this writer takes no more requests", e);
        }
    }

    private static List<byte[]> receive(ZMQ.Socket socket) {
        byte[] first = socket.recv();
        if (first == null) {
            return List.of();
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv());
        }
        return frames;
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        // No interrupt: it would close JeroMQ's internal channels. The receive timeout ends the loop within a second;
        // a request being written is finished first.
        running = false;
        if (thread != null) {
            thread.join(5_000);
        }
        if (worker != null) {
            worker.join(60_000);
            if (worker.isAlive()) {
                LOG.warn("Still writing a request after 60 s; stopping anyway");
            }
        }
        if (!held.isEmpty()) {
            LOG.warn("{} received requests were not written; the broker sends them again", held.size());
        }
        heartbeats.shutdown();
    }
}
