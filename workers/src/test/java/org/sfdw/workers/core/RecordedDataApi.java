package org.sfdw.workers.core;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A data api on loopback that answers queries with recorded responses (status and body): the queued ones in order,
 * then the last one again and again.
 */
final class RecordedDataApi implements AutoCloseable {

    private record Answer(int status, byte[] body) {
    }

    private final HttpServer server;
    private final java.util.concurrent.ConcurrentLinkedQueue<Answer> queued = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Answer last = new Answer(200, new byte[0]);
    private volatile String lastQuery;
    private final java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicReference<Runnable> beforeAnswer =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicReference<Runnable> midBody =
            new java.util.concurrent.atomic.AtomicReference<>();

    RecordedDataApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/sf/query", exchange -> {
            lastQuery = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            queries.incrementAndGet();
            Answer next = queued.poll();
            Answer answer = next != null ? next : last;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            Runnable first = beforeAnswer.getAndSet(null);
            if (first != null) {
                first.run();
            }
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                Runnable between = midBody.getAndSet(null);
                int half = between == null ? answer.body().length : answer.body().length / 2;
                out.write(answer.body(), 0, half);
                if (between != null) {
                    out.flush();
                    between.run();
                }
                out.write(answer.body(), half, answer.body().length - half);
            }
        });
        server.start();
    }

    /** From now on, every query gets this answer. */
    RecordedDataApi answer(int status, byte[] body) {
        queued.clear();
        last = new Answer(status, body);
        return this;
    }

    /** The next query not yet given a one-off answer gets this one; afterwards the standing answer applies again. */
    RecordedDataApi once(int status, byte[] body) {
        queued.add(new Answer(status, body));
        return this;
    }

    /** Runs {@code action} once, when the next query arrives, before it is answered. */
    RecordedDataApi beforeNextAnswer(Runnable action) {
        beforeAnswer.set(action);
        return this;
    }

    /** Runs {@code action} once, in the middle of the next answer's body (the first half sent and flushed). */
    RecordedDataApi midNextBody(Runnable action) {
        midBody.set(action);
        return this;
    }

    int queries() {
        return queries.get();
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
