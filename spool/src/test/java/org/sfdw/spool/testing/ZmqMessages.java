package org.sfdw.spool.testing;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads whole multipart messages from a test's own ZMQ socket. */
public final class ZmqMessages {

    private ZmqMessages() {
    }

    /**
     * A test's stand-in for a writer: a PULL socket connected to {@code address}, reconnecting as quickly as the
     * real writer does when the broker reopens its stream, and giving up a receive after 200 ms.
     */
    public static ZMQ.Socket writerSocket(ZContext context, String address) {
        ZMQ.Socket pull = context.createSocket(SocketType.PULL);
        pull.setReceiveTimeOut(200);
        pull.setReconnectIVL(100);
        pull.setReconnectIVLMax(1000);
        pull.setHandshakeIvl(3000);
        pull.connect(address);
        return pull;
    }

    /** The frames of the next message, or empty when the socket's receive timeout passed first. */
    public static Optional<List<byte[]>> receive(ZMQ.Socket socket) {
        byte[] first = socket.recv();
        if (first == null) {
            return Optional.empty();
        }
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv());
        }
        return Optional.of(frames);
    }
}
