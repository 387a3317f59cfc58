package org.sfdw.spool.outcome;

import com.codahale.metrics.MetricRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The broker's end of the outcome channel: a PULL socket the writers push to. Each outcome is journaled durably,
 * then applied to the ledger.
 */
public final class OutcomeListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeListener.class);

    private final ZContext context;
    private final String bindAddress;
    private final OutcomeCodec codec;
    private final OutcomeJournal journal;
    private final DeliveryLedger ledger;
    private final WriterRoster roster;
    private final LongSupplier lastSpooledId;
    private final MetricRegistry metrics;
    private final Clock clock;
    private volatile boolean running;
    private volatile Thread thread;
    private ZMQ.Socket socket;

    public OutcomeListener(ZContext context, String bindAddress, OutcomeCodec codec, OutcomeJournal journal,
                           DeliveryLedger ledger, WriterRoster roster, LongSupplier lastSpooledId,
                           MetricRegistry metrics, Clock clock) {
        this.context = context;
        this.bindAddress = bindAddress;
        this.codec = codec;
        this.journal = journal;
        this.ledger = ledger;
        this.roster = roster;
        this.lastSpooledId = lastSpooledId;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Binds (a taken port fails here, at start-up) and starts listening. */
    public synchronized void start() {
        socket = context.createSocket(SocketType.PULL);
        socket.setReceiveTimeOut(500);
        socket.setRcvHWM(10_000);
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

    private void run() {
        try {
            while (running) {
                byte[] frame = socket.recv();
                if (frame == null) {
                    continue;
                }
                while (socket.hasReceiveMore()) {
                    socket.recv();
                }
                handle(frame);
            }
        } catch (org.zeromq.ZMQException e) {
            if (running) {
                LOG.error("Outcome listener on {} stopped: {}", bindAddress, e.toString());
            }
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
        journal.append(outcome);
        ledger.apply(outcome, clock.millis());
        metrics.counter("sfdw.broker.outcomes." + outcome.kind().label()).inc();
        switch (outcome.kind()) {
            case HEARTBEAT -> LOG.debug("request {}: {} still working", outcome.requestId(), outcome.writer());
            case RECEIVED -> LOG.info("request {}: received by writer {}", outcome.requestId(), outcome.writer());
            case FAILED -> LOG.warn("request {}: failed at writer {}: {} ({})", outcome.requestId(), outcome.writer(),
                    outcome.error(), outcome.errFile());
            default -> LOG.info("request {}: {} by writer {}{}", outcome.requestId(), outcome.kind().label(),
                    outcome.writer(), outcome.outputFile() == null ? "" : " (" + outcome.outputFile() + ")");
        }
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
