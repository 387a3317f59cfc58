package org.sfdw.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP/1.1 server on loopback that answers every request at once with {@code 200 {}} on a kept-alive connection:
 * a few microseconds of work per call. A client's closed loop against it is what the client alone allows, the
 * ceiling under which any server's figure for that client lies.
 */
final class InstantHttpServer implements AutoCloseable {

    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket socket;
    private final Thread acceptor;

    InstantHttpServer() throws IOException {
        socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "instant-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread serving = new Thread(() -> serve(connection), "instant-http-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket connection) {
        try (connection; InputStream in = new BufferedInputStream(connection.getInputStream());
             OutputStream out = connection.getOutputStream()) {
            connection.setTcpNoDelay(true);
            while (skipRequest(in)) {
                out.write(ANSWER);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    /** Reads one request (its head, and a body of its Content-Length); false when the connection ended. */
    private static boolean skipRequest(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        long body = 0;
        boolean any = false;
        int c;
        while ((c = in.read()) >= 0) {
            any = true;
            if (c == '\n') {
                String header = line.toString().strip();
                if (header.isEmpty()) {
                    in.skipNBytes(body);
                    return true;
                }
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    body = Long.parseLong(header.substring("content-length:".length()).strip());
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        if (any) {
            throw new IOException("the request ended in its head");
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
