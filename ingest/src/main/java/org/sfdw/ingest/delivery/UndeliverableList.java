package org.sfdw.ingest.delivery;

import org.sfdw.spool.AuditLine;
import org.sfdw.spool.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;

/**
 * {@code <spool>/undeliverable.err}: the audit lines of requests that ended without an {@code .err} file of their
 * own (no writer finished them, or the writer could not write one beside the output), ready for {@code sfdw submit}.
 */
final class UndeliverableList {

    public static final String FILE = "undeliverable.err";
    private static final Logger LOG = LoggerFactory.getLogger(UndeliverableList.class);

    private final Path file;
    private final Clock clock;

    UndeliverableList(Path spoolDirectory, Clock clock) {
        this.file = spoolDirectory.resolve(FILE);
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** Appends the request's line and forces it to disk; false (logged) when it could not be kept. */
    public synchronized boolean keep(WriteRequest request) {
        byte[] line = (AuditLine.format(request, LocalDateTime.now(clock)) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
            return true;
        } catch (IOException e) {
            LOG.error("{}: could not keep its line in {}: {}; it stays in the spool (sfdw audit export --from {} --to {})",
                    request.label(), file, e.toString(), request.id(), request.id());
            return false;
        }
    }
}
