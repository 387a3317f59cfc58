package org.sfdw.spool.outcome;

import org.sfdw.spool.link.RedialingSocket;
import org.sfdw.spool.link.ZmqHeartbeats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A writer's end of the outcome channel: a PUSH socket connected to the broker. Sending never blocks the writer;
 * while the broker is away ZMQ queues outcomes (up to the high-water mark) and delivers them when it is back.
 *
 * <p>What a dead connection swallowed, and what was queued in a socket that was made anew, is lost to ZMQ: when the
 * link comes up, the final outcomes of those moments are sent again (the broker takes the first final outcome of a
 * request and ignores repeats). Thread-safe (the receiver and the heartbeat both send).
 */
public final class OutcomeSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeSender.class);
    private static final long RESEND_WINDOW_MILLIS = 60_000;
    private static final long REDIAL_MILLIS = 2_000;
    /** How long before a loss was noticed an outcome may have gone into the dead connection (heartbeat timeout+). */
    private static final long SWALLOWED_MILLIS = ZmqHeartbeats.TIMEOUT_MILLIS + 2_000;

    private record Sent(Outcome outcome, long atMillis, int generation) {
    }

    private final OutcomeCodec codec;
    private final String address;
    private final RedialingSocket link;
    private final Deque<Sent> recentFinals = new ArrayDeque<>();
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outcome-link");
        t.setDaemon(true);
        return t;
    });

    public OutcomeSender(ZContext context, String address, OutcomeCodec codec) {
        this.address = address;
        this.codec = codec;
        this.link = new RedialingSocket(context, SocketType.PUSH, address, socket -> {
            socket.setSndHWM(10_000);
            socket.setLinger(2_000);
            ZmqHeartbeats.enable(socket);
        }, REDIAL_MILLIS, System.currentTimeMillis());
        watch.scheduleWithFixedDelay(this::checkLink, 500, 500, TimeUnit.MILLISECONDS);
    }

    public synchronized void send(Outcome outcome) {
        if (outcome.kind().isFinal() || outcome.kind() == Outcome.Kind.SUPERSEDED) {
            recentFinals.addLast(new Sent(outcome, System.currentTimeMillis(), link.generation()));
        }
        queue(outcome);
    }

    private void queue(Outcome outcome) {
        try {
            if (!link.socket().send(codec.encode(outcome), ZMQ.DONTWAIT)) {
                LOG.warn("Could not queue outcome {} of request {} for the broker at {} (queue full)",
                        outcome.kind().label(), outcome.requestId(), address);
            }
        } catch (RuntimeException e) {
            // Never into the caller (a heartbeat timer would stop for good); a final outcome is sent again later.
            LOG.warn("Could not queue outcome {} of request {} for the broker at {}: {}", outcome.kind().label(),
                    outcome.requestId(), address, e.toString());
        }
    }

    private synchronized void checkLink() {
        try {
            long now = System.currentTimeMillis();
            while (!recentFinals.isEmpty() && recentFinals.peekFirst().atMillis() < now - RESEND_WINDOW_MILLIS) {
                recentFinals.removeFirst();
            }
            if (link.check(now)) {
                long lost = link.lostAtMillis();
                List<Outcome> again = recentFinals.stream().filter(sent -> sent.generation() != link.generation()
                        || lost >= 0 && sent.atMillis() <= lost && sent.atMillis() >= lost - SWALLOWED_MILLIS)
                        .map(Sent::outcome).toList();
                if (!again.isEmpty()) {
                    LOG.info("Sending {} final outcomes to {} again: the link may have lost them", again.size(),
                            address);
                    again.forEach(this::queue);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Checking the outcome link to {} failed: {}", address, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        watch.shutdownNow();
        link.close();
    }
}
