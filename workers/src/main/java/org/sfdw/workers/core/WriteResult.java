package org.sfdw.workers.core;

import org.sfdw.spool.outcome.Outcome;

import java.nio.file.Path;

/**
 * How a write request ended at this writer.
 *
 * @param kind       WRITTEN, FAILED or SKIPPED
 * @param outputFile the file written or meant, when known
 * @param errFile    the {@code .err} file of a failure, when it could be written
 * @param error      why it failed
 */
public record WriteResult(Outcome.Kind kind, Path outputFile, Path errFile, String error) {

    public static WriteResult written(Path file) {
        return new WriteResult(Outcome.Kind.WRITTEN, file, null, null);
    }

    public static WriteResult skipped(Path file) {
        return new WriteResult(Outcome.Kind.SKIPPED, file, null, null);
    }

    public static WriteResult failed(Path file, Path errFile, String error) {
        return new WriteResult(Outcome.Kind.FAILED, file, errFile, error);
    }
}
