package org.sfdw.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Answers every HTTP request on loopback with one file, sent by the kernel ({@code transferTo}, i.e. sendfile). On a
 * 2-core machine the data api's own work competes with the writer; a server that copies through user space took a
 * share of a core that a real data api, on its own machine, never takes from the writer.
 */
final class FileAnswerServer implements AutoCloseable {

    private static final int HEADER_LIMIT = 1 << 20;

    private final ServerSocketChannel server;
    private final Path answer;
    private final Thread acceptor;

    FileAnswerServer(Path answer) throws IOException {
        this.answer = answer;
        this.server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::serve, "bench-answer-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                skipRequest(client);
                try (FileChannel file = FileChannel.open(answer, StandardOpenOption.READ)) {
                    long size = file.size();
                    client.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + size + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII)));
                    for (long sent = 0; sent < size; ) {
                        sent += file.transferTo(sent, size - sent, client);
                    }
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    System.err.println("bench answer server: " + e);
                }
            }
        }
    }

    /** Reads the request head and its Content-Length body, which the answer does not depend on. */
    private static void skipRequest(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_LIMIT);
        int headEnd;
        while ((headEnd = headEnd(buffer)) < 0) {
            if (!buffer.hasRemaining() || client.read(buffer) < 0) {
                throw new IOException("request head not complete");
            }
        }
        String head = new String(buffer.array(), 0, headEnd, StandardCharsets.US_ASCII);
        long length = head.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElse(0);
        long remaining = length - (buffer.position() - headEnd);
        while (remaining > 0) {
            buffer.clear();
            int n = client.read(buffer);
            if (n < 0) {
                throw new IOException("request body not complete");
            }
            remaining -= n;
        }
    }

    /** The offset just past the blank line that ends the head, or -1. */
    private static int headEnd(ByteBuffer buffer) {
        byte[] bytes = buffer.array();
        for (int i = 3; i < buffer.position(); i++) {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
