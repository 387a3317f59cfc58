package org.sfdw.spool.link;

import org.zeromq.ZMQ;

/**
 * ZMTP heartbeats on the links between broker and writers. A link that is cut (a switch, a cable, a host that
 * froze) tells neither end: TCP retransmits for many minutes, and meanwhile the broker keeps pushing requests into
 * the dead connection. With a ping every second and three seconds to answer, both ends drop a dead connection
 * after about three seconds; the broker then holds requests until a writer is back, and the writer dials again.
 * Every ZMTP 3.1 peer (libzmq 4.2 and later, JeroMQ) answers pings by itself.
 */
public final class ZmqHeartbeats {

    public static final int INTERVAL_MILLIS = 1_000;
    public static final int TIMEOUT_MILLIS = 3_000;

    private ZmqHeartbeats() {
    }

    public static void enable(ZMQ.Socket socket) {
        socket.setHeartbeatIvl(INTERVAL_MILLIS);
        socket.setHeartbeatTimeout(TIMEOUT_MILLIS);
        // The peer drops the connection too when it hears nothing from this end for this long.
        socket.setHeartbeatTtl(2 * TIMEOUT_MILLIS);
    }
}
