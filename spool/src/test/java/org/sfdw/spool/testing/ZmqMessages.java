package org.sfdw.spool.testing;

import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads whole multipart messages from a test's own ZMQ socket. */
public final class ZmqMessages {

    private ZmqMessages() {
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
