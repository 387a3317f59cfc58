package org.sfdw.ops.sim.core;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The "refuse" fault: closes the simulator's query port for a while, so that connections are refused (as when the
 * data api is down), then opens it again on the same port. The admin port stays open to switch it back.
 */
public final class ConnectionRefusal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionRefusal.class);

    private final ScheduledExecutorService reopener = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sim-refusal");
        thread.setDaemon(true);
        return thread;
    });
    private final List<ServerConnector> closed = new ArrayList<>();
    private Server server;

    /** Called once Jetty has started. */
    public synchronized void attach(Server server) {
        this.server = server;
    }

    /** Closes the query port now and opens it again after {@code duration} (or on {@link #reopen()}). */
    public synchronized String refuse(Duration duration) throws Exception {
        if (server == null) {
            throw new IllegalStateException("the simulator has not started yet");
        }
        if (closed.isEmpty()) {
            for (Connector connector : server.getConnectors()) {
                if (connector instanceof ServerConnector c && "application".equals(c.getName())) {
                    int port = c.getLocalPort();
                    c.stop();
                    // Opened again on the port it had, also when it was configured as 0 (any free port).
                    c.setPort(port);
                    closed.add(c);
                }
            }
        }
        if (!duration.isZero()) {
            reopener.schedule(this::reopenQuietly, duration.toMillis(), TimeUnit.MILLISECONDS);
        }
        String what = "refusing connections on port(s) " + closed.stream().map(c -> c.getPort()).toList()
                + (duration.isZero() ? " until switched off" : " for " + duration.toMillis() + " ms");
        LOG.warn("fault: {}", what);
        return what;
    }

    /** Opens what {@link #refuse} closed; nothing when nothing is closed. */
    public synchronized void reopen() throws Exception {
        for (ServerConnector connector : closed) {
            connector.start();
            LOG.info("fault over: accepting connections on port {} again", connector.getLocalPort());
        }
        closed.clear();
    }

    private void reopenQuietly() {
        try {
            reopen();
        } catch (Exception e) {
            LOG.error("cannot open the query port again: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        reopener.shutdownNow();
    }
}
