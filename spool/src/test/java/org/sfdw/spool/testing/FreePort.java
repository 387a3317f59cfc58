package org.sfdw.spool.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * A loopback port nobody listens on right now, for sockets that cannot bind port 0 (ZMQ addresses in configs).
 * Picked below the kernel's ephemeral range (32768 and up on Linux): a port from that range can be taken by any
 * outgoing connection between the pick and the bind (a writer dialling a broker that is not up yet uses dozens),
 * and a service that then cannot bind its port fails a test for no reason of its own. A port is never handed out
 * twice in one JVM.
 */
public final class FreePort {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final java.util.SplittableRandom RANDOM = new java.util.SplittableRandom(
            ProcessHandle.current().pid() * 31 + System.nanoTime());

    private FreePort() {
    }

    public static synchronized int pick() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = FIRST + RANDOM.nextInt(LAST - FIRST);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new java.net.InetSocketAddress("0.0.0.0", port), 1);
                HANDED_OUT.add(port);
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port found in " + FIRST + ".." + LAST);
    }
}
