package org.sfdw.service;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;

import java.util.List;

/** The server a service gets when its configuration has no {@code server:} section. */
public final class ServerDefaults {

    /** Where a connector binds when its configuration names no {@code bindHost}. */
    public static final String LOOPBACK = "127.0.0.1";

    private ServerDefaults() {
    }

    /** Both ports on loopback, and the request log at DEBUG ({@link DebugRequestLogFactory}). */
    public static DefaultServerFactory loopback(int applicationPort, int adminPort) {
        DefaultServerFactory server = new DefaultServerFactory();
        server.setApplicationConnectors(List.of(connector(applicationPort)));
        server.setAdminConnectors(List.of(connector(adminPort)));
        server.setRequestLogFactory(new DebugRequestLogFactory());
        return server;
    }

    private static HttpConnectorFactory connector(int port) {
        HttpConnectorFactory connector = new HttpConnectorFactory();
        connector.setBindHost(LOOPBACK);
        connector.setPort(port);
        return connector;
    }
}
