package org.sfdw.workers.core;

import org.sfdw.spool.AuditLine;
import org.sfdw.spool.WriteRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;

/** Writes {@code <output_file>.err}: the request as one audit line, so that it can be submitted again. */
public final class ErrFileWriter {

    private final Clock clock;

    public ErrFileWriter(Clock clock) {
        this.clock = clock;
    }

    public static Path errFileFor(Path outputFile) {
        return outputFile.resolveSibling(outputFile.getFileName() + ".err");
    }

    /**
     * Deletes the {@code .err} an earlier failed attempt left beside a file that has now been written, so that the
     * {@code .err} files in a directory are exactly the requests still to re-run (the audit trail keeps every
     * request regardless).
     *
     * @return whether there was one
     */
    public boolean removeLeftOver(Path outputFile) throws IOException {
        return Files.deleteIfExists(errFileFor(outputFile));
    }

    /**
     * Writes the {@code .err} whole or not at all: into a hidden temporary file beside it, forced to disk, then
     * renamed over the final name, so that a full disk never leaves an empty or cut {@code .err} to be resubmitted.
     *
     * @return the {@code .err} path
     */
    public Path write(Path outputFile, WriteRequest request) throws IOException {
        Path err = errFileFor(outputFile);
        if (err.getParent() != null) {
            Files.createDirectories(err.getParent());
        }
        Path temporary = err.resolveSibling("." + err.getFileName() + ".sfdw-" + ProcessHandle.current().pid()
                + ".tmp");
        // As the original: one line, no trailing newline, replacing an older .err of the same file.
        byte[] line = AuditLine.format(request, LocalDateTime.now(clock)).getBytes(StandardCharsets.UTF_8);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, err, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write failed already; a leftover hidden file is removed by the next write of this .err
            }
            throw e;
        }
        return err;
    }
}
