package org.sfdw.workers.core;

import org.sfdw.spool.AuditLine;
import org.sfdw.spool.WriteRequest;

import java.io.IOException;
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

    /** @return the {@code .err} path */
    public Path write(Path outputFile, WriteRequest request) throws IOException {
        Path err = errFileFor(outputFile);
        if (err.getParent() != null) {
            Files.createDirectories(err.getParent());
        }
        // As the original: one line, no trailing newline, replacing an older .err of the same file.
        Files.writeString(err, AuditLine.format(request, LocalDateTime.now(clock)), StandardCharsets.UTF_8);
        return err;
    }
}
