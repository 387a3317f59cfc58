package org.sfdw.spool.outcome;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A writer's end of the outcome channel: a PUSH socket connected to the broker. Sending never blocks the writer;
 * while the broker is away ZMQ queues outcomes (up to the high-water mark) and delivers them when it is back.
 * Thread-safe (the receiver and the heartbeat both send).
 */
public final class OutcomeSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeSender.class);

    private final ZContext context;
    private final ZMQ.Socket socket;
    private final OutcomeCodec codec;
    private final String address;

    public OutcomeSender(ZContext context, String address, OutcomeCodec codec) {
        this.context = context;
        this.address = address;
        this.codec = codec;
        this.socket = context.createSocket(SocketType.PUSH);
        socket.setSndHWM(10_000);
        socket.setLinger(2_000);
        socket.connect(address);
    }

    public synchronized void send(Outcome outcome) {
        if (!socket.send(codec.encode(outcome), ZMQ.DONTWAIT)) {
            LOG.warn("Could not queue outcome {} of request {} for the broker at {} (queue full)",
                    outcome.kind().label(), outcome.requestId(), address);
        }
    }

    @Override
    public synchronized void close() {
        context.destroySocket(socket);
    }
}
