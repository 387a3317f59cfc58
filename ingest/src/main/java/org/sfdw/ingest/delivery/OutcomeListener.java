package org.sfdw.ingest.delivery;

import com.codahale.metrics.MetricRegistry;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Clock;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * The broker's end of the outcome channel: a PULL socket the writers push to. Each outcome is journaled durably
 * (or kept until the journal takes it, see {@link OutcomeRecorder}) and applied to the ledger. A bad message or a
 * failed outcome costs a log line, never the thread; only an {@link Error} ends it, and {@link #failure} says so.
 */
final class OutcomeListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeListener.class);

    private final ZContext context;
    private final String bindAddress;
    private final OutcomeCodec codec;
    private final OutcomeRecorder recorder;
    private final WriterRoster roster;
    private final LongSupplier lastSpooledId;
    private final LongFunction<Optional<WriteRequest>> spooled;
    private final UndeliverableList undeliverable;
    private final MetricRegistry metrics;
    private final Clock clock;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Throwable fatal;
    private ZMQ.Socket socket;

    /**
     * @param spooled       the spooled request of an id, for the undeliverable list
     * @param undeliverable where the line of a request goes that failed without an {@code .err} of its own
     */
    OutcomeListener(ZContext context, String bindAddress, OutcomeCodec codec, OutcomeRecorder recorder,
                           WriterRoster roster, LongSupplier lastSpooledId,
                           LongFunction<Optional<WriteRequest>> spooled,
                           UndeliverableList undeliverable, MetricRegistry metrics,
                           Clock clock) {
        this.context = context;
        this.bindAddress = bindAddress;
        this.codec = codec;
        this.recorder = recorder;
        this.roster = roster;
        this.lastSpooledId = lastSpooledId;
        this.spooled = spooled;
        this.undeliverable = undeliverable;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Binds (a taken port fails here, at start-up) and starts listening. */
    public synchronized void start() {
        socket = context.createSocket(SocketType.PULL);
        socket.setReceiveTimeOut(500);
        socket.setRcvHWM(10_000);
        org.sfdw.spool.link.ZmqHeartbeats.enable(socket);
        if (!socket.bind(bindAddress)) {
            context.destroySocket(socket);
            throw new IllegalStateException("cannot bind the outcome channel to " + bindAddress);
        }
        running = true;
        thread = new Thread(this::run, "outcome-listener");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Listening for writers' outcomes on {}", bindAddress);
    }

    public boolean isRunning() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    /** Why the listening thread ended while it should run, empty while it runs (or was never started). */
    public Optional<String> failure() {
        Thread t = thread;
        if (!running || t == null || t.isAlive()) {
            return Optional.empty();
        }
        return Optional.of("the outcome listener on " + bindAddress + " ended"
                + (fatal == null ? "" : ": " + fatal));
    }

    private void run() {
        try {
            while (running) {
                byte[] frame = socket.recv();
                if (frame == null) {
                    recorder.flush();
                    continue;
                }
                while (socket.hasReceiveMore()) {
                    socket.recv();
                }
                try {
                    handle(frame);
                } catch (RuntimeException e) {
                    metrics.counter("sfdw.broker.outcomes.rejected").inc();
                    LOG.error("An outcome could not be handled: {}", e.toString(), e);
                }
            }
        } catch (org.zeromq.ZMQException e) {
            if (running) {
                fatal = e;
                LOG.error("Outcome listener on {} stopped: {}", bindAddress, e.toString());
            }
        } catch (Throwable t) {
            fatal = t;
            LOG.error("Outcome listener on {} stopped by {}", bindAddress, t.toString(), t);
        } finally {
            context.destroySocket(socket);
        }
    }

    private void handle(byte[] frame) {
        Outcome outcome;
        try {
            outcome = codec.decode(frame);
        } catch (IllegalArgumentException e) {
            metrics.counter("sfdw.broker.outcomes.rejected").inc();
            LOG.warn("Ignored a message on the outcome channel: {}", e.getMessage());
            return;
        }
        roster.heard(outcome.writer(), clock.millis());
        if (outcome.isPresence()) {
            return;  // not journalled: it says nothing about any request
        }
        if (outcome.requestId() <= 0 || outcome.requestId() > lastSpooledId.getAsLong()) {
            metrics.counter("sfdw.broker.outcomes.rejected").inc();
            LOG.warn("Ignored outcome {} for request {}, which is not in the spool", outcome.kind().label(),
                    outcome.requestId());
            return;
        }
        if (outcome.kind() == Outcome.Kind.FAILED && outcome.errFile() == null) {
            outcome = keptInUndeliverable(outcome);
        }
        recorder.record(outcome);
        metrics.counter("sfdw.broker.outcomes." + outcome.kind().label()).inc();
        switch (outcome.kind()) {
            case HEARTBEAT -> LOG.debug("request {}: {} still working", outcome.requestId(), outcome.writer());
            case RECEIVED -> LOG.info("request {}: received by writer {}", outcome.requestId(), outcome.writer());
            case SUPERSEDED -> LOG.info("request {}: writer {} stood down: {}", outcome.requestId(), outcome.writer(),
                    outcome.error());
            case FAILED -> LOG.warn("request {}: failed at writer {}: {} ({})", outcome.requestId(), outcome.writer(),
                    outcome.error(), outcome.errFile());
            default -> LOG.info("request {}: {} by writer {}{}", outcome.requestId(), outcome.kind().label(),
                    outcome.writer(), outcome.outputFile() == null ? "" : " (" + outcome.outputFile() + ")");
        }
    }

    /**
     * A writer that could not write the {@code .err} beside the output (its disk full or read-only) leaves the
     * request nowhere to be found but the spool: its line goes to the undeliverable list, which the outcome names.
     */
    private Outcome keptInUndeliverable(Outcome outcome) {
        Optional<WriteRequest> request = spooled.apply(outcome.requestId());
        if (request.isEmpty() || !undeliverable.keep(request.get())) {
            return outcome;
        }
        LOG.warn("request {}: failed at writer {} without an .err file of its own; its line is kept in {} (sfdw submit "
                + "{})", outcome.requestId(), outcome.writer(), undeliverable.file(), undeliverable.file());
        return new Outcome(outcome.requestId(), outcome.kind(), outcome.writer(), outcome.timeMillis(),
                outcome.outputFile(), undeliverable.file().toString(), outcome.error() + "; its line is kept in "
                + undeliverable.file(), outcome.report());
    }

    @Override
    public synchronized void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
