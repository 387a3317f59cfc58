package org.sfdw.spool.link;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.function.Consumer;

/**
 * A connecting ZMQ socket (a writer's end of a link to the broker) that is made anew while it stays unconnected
 * after it had been connected.
 * ZMQ redials by itself, but a TCP connect attempt made while the link is down waits out the kernel's SYN
 * retransmissions (1, 2, 4, 8, 16, 32 s apart), so after a 30 s cut the next attempt can come 20 s after the link is
 * back. A fresh socket every couple of seconds while unconnected dials again at once. Used by one thread at a time
 * (the caller's lock or thread); {@link #check} is called by that thread every second or so.
 */
public final class RedialingSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedialingSocket.class);

    private final ZContext context;
    private final SocketType type;
    private final String address;
    private final Consumer<ZMQ.Socket> setup;
    private final long redialMillis;
    private ZMQ.Socket socket;
    private ZMQ.Socket events;
    private boolean connected;
    private boolean everConnected;
    private long unconnectedSinceMillis;
    private long dialledAtMillis;
    private long lostAtMillis = -1;
    private int redials;
    private int generation;

    /**
     * @param setup        options for each new socket (high-water marks, timeouts, heartbeats), before it connects
     * @param redialMillis how long a socket may stay unconnected before it is made anew
     */
    public RedialingSocket(ZContext context, SocketType type, String address, Consumer<ZMQ.Socket> setup,
                           long redialMillis, long nowMillis) {
        this.context = context;
        this.type = type;
        this.address = address;
        this.setup = setup;
        this.redialMillis = redialMillis;
        this.unconnectedSinceMillis = nowMillis;
        dial(nowMillis);
    }

    private void dial(long nowMillis) {
        socket = context.createSocket(type);
        setup.accept(socket);
        String monitor = "inproc://sfdw-link-" + java.util.UUID.randomUUID();
        socket.monitor(monitor, ZMQ.EVENT_CONNECTED | ZMQ.EVENT_DISCONNECTED);
        events = context.createSocket(SocketType.PAIR);
        events.connect(monitor);
        socket.connect(address);
        dialledAtMillis = nowMillis;
        generation++;
    }

    /** Counts the sockets made so far: what was queued in an earlier one is gone. */
    public int generation() {
        return generation;
    }

    /** When the last connection was lost, -1 while none was. */
    public long lostAtMillis() {
        return lostAtMillis;
    }

    /** The socket to use now; it may be another one after {@link #check}. */
    public ZMQ.Socket socket() {
        return socket;
    }

    public boolean connected() {
        return connected;
    }

    /**
     * Takes in what happened to the connection, and makes the socket anew when it has been unconnected too long.
     *
     * @return true when the link came up since the last check (after being down, or for the first time)
     */
    public boolean check(long nowMillis) {
        boolean cameUp = false;
        for (ZMQ.Event event = nextEvent(); event != null; event = nextEvent()) {
            if (event.getEvent() == ZMQ.EVENT_CONNECTED) {
                if (everConnected && !connected) {
                    LOG.info("Connected to {} again after {} s", address, (nowMillis - unconnectedSinceMillis) / 1000);
                }
                cameUp = !connected;
                connected = true;
                everConnected = true;
                redials = 0;
            } else if (event.getEvent() == ZMQ.EVENT_DISCONNECTED && connected) {
                connected = false;
                unconnectedSinceMillis = nowMillis;
                lostAtMillis = nowMillis;
                LOG.warn("Lost the connection to {}; dialling again", address);
            }
        }
        // Only a link that was up and went away is dialled anew: before the first connection the peer is starting
        // on a reachable host, refuses at once, and ZMQ's own quick redial finds it; fresh sockets then would only
        // throw away what is queued (and a connection made before the monitor hears of it).
        if (!connected && everConnected && nowMillis - dialledAtMillis >= redialMillis) {
            if (redials++ == 0) {
                LOG.warn("No connection to {} for {} s; dialling again every {} ms until it answers", address,
                        (nowMillis - unconnectedSinceMillis) / 1000, redialMillis);
            }
            // What the old socket still queues is dropped: it was going nowhere (callers re-send what matters).
            socket.setLinger(0);
            closeSockets();
            dial(nowMillis);
        }
        return cameUp;
    }

    /** The next event of the monitor, null when there is none; one JeroMQ cannot decode is skipped. */
    private ZMQ.Event nextEvent() {
        for (int tries = 0; tries < 100; tries++) {
            try {
                return ZMQ.Event.recv(events, ZMQ.DONTWAIT);
            } catch (RuntimeException e) {
                LOG.debug("Skipped a monitor event of the link to {}: {}", address, e.toString());
            }
        }
        return null;
    }

    private void closeSockets() {
        context.destroySocket(socket);
        context.destroySocket(events);
    }

    @Override
    public void close() {
        closeSockets();
    }
}
