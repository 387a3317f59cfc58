package org.sfdw.workers.core;

import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.outcome.Outcome;

import java.nio.file.Path;
import java.util.List;

/**
 * How a write request ended at this writer.
 *
 * @param kind       WRITTEN, FAILED, SKIPPED or SUPERSEDED
 * @param outputFile the file written or meant, when known
 * @param errFile    the {@code .err} file of a failure, when it could be written
 * @param error      why it failed, or why the writer stood down; for a written file, what the writer did otherwise
 *                   than asked (an unknown {@code output_file_format} written extended), else null
 * @param report     per channel, how complete the written file is
 */
public record WriteResult(Outcome.Kind kind, Path outputFile, Path errFile, String error, List<ChannelReport> report) {

    public WriteResult {
        report = report == null ? List.of() : List.copyOf(report);
    }

    public static WriteResult written(Path file, List<ChannelReport> report) {
        return written(file, report, null);
    }

    /** @param note what the writer did otherwise than asked, null for nothing */
    public static WriteResult written(Path file, List<ChannelReport> report, String note) {
        return new WriteResult(Outcome.Kind.WRITTEN, file, null, note, report);
    }

    public static WriteResult skipped(Path file) {
        return new WriteResult(Outcome.Kind.SKIPPED, file, null, null, List.of());
    }

    /** Another sending of the request writes the file; this one stood down without a file or an .err. */
    public static WriteResult superseded(Path file, String why) {
        return new WriteResult(Outcome.Kind.SUPERSEDED, file, null, why, List.of());
    }

    public static WriteResult failed(Path file, Path errFile, String error) {
        return new WriteResult(Outcome.Kind.FAILED, file, errFile, error, List.of());
    }
}
