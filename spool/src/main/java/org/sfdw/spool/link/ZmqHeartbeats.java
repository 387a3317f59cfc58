package org.sfdw.spool.link;

import org.zeromq.ZMQ;

/**
 * ZMTP heartbeats on the links between broker and writers. A link that is cut (a switch, a cable, a host that
 * froze) tells neither end: TCP retransmits for many minutes, and meanwhile the broker keeps pushing requests into
 * the dead connection. With a ping every two seconds and ten seconds to hear anything back, both ends drop a dead
 * connection after about ten seconds; the broker then holds requests until a writer is back, and the writer dials
 * again. Ten, not three: a JVM starting on a busy two-core machine can be silent for several seconds, and a
 * connection dropped for that loses what was in flight. Every ZMTP 3.1 peer (libzmq 4.2 and later, JeroMQ) answers
 * pings by itself.
 */
public final class ZmqHeartbeats {

    public static final int INTERVAL_MILLIS = 2_000;
    public static final int TIMEOUT_MILLIS = 10_000;

    private ZmqHeartbeats() {
    }

    public static void enable(ZMQ.Socket socket) {
        socket.setHeartbeatIvl(INTERVAL_MILLIS);
        socket.setHeartbeatTimeout(TIMEOUT_MILLIS);
        // The peer drops the connection too when it hears nothing from this end for this long.
        socket.setHeartbeatTtl(2 * TIMEOUT_MILLIS);
    }
}
