package org.sfdw.workers.core;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A data api on loopback that answers every query with one recorded response (status and body). */
final class RecordedDataApi implements AutoCloseable {

    private final HttpServer server;
    private volatile int status = 200;
    private volatile byte[] body = new byte[0];
    private volatile String lastQuery;

    RecordedDataApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/sf/query", exchange -> {
            lastQuery = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = body;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    RecordedDataApi answer(int newStatus, byte[] newBody) {
        status = newStatus;
        body = newBody;
        return this;
    }

    URI queryUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sf/query");
    }

    String lastQuery() {
        return lastQuery;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
