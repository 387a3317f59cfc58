package org.sfdw.ingest.notify;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in EPICS writer on loopback: a real HTTP server that keeps every call it gets and answers each with the
 * status it is told to (200 unless told otherwise).
 */
public final class RecordingEpicsWriter implements AutoCloseable {

    /** One call as it arrived. */
    public record Call(String method, String path, String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile long delayMillis;

    public RecordingEpicsWriter(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long delay = delayMillis;
            if (delay > 0) {
                // A slow EPICS writer: it answers, but only after the sender has stopped waiting.
                java.util.concurrent.locks.LockSupport.parkNanos(delay * 1_000_000);
            }
            int answer = delay > 0 ? 504 : status;
            if (answer / 100 == 2) {
                calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
            }
            byte[] reply = (answer / 100 == 2 ? "ok" : "busy").getBytes();
            exchange.sendResponseHeaders(answer, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/notify");
    }

    public void answer(int status) {
        this.status = status;
    }

    /** Answers each call only after {@code delay} (and then not as taken); zero for at once. */
    public void answerAfter(java.time.Duration delay) {
        this.delayMillis = delay.toMillis();
    }

    /** The calls it took (answered with a 2xx). */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
