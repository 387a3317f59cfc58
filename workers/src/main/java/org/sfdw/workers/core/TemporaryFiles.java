package org.sfdw.workers.core;

import org.sfdw.spool.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of files being written, {@code .<name>.sfdw-<pid>-<request id>.tmp} beside the target: hidden, so a scan
 * of {@code *.h5} never sees one. A writer killed mid-write leaves its temporary file; the next writer of the same
 * request removes it once the process that wrote it is gone.
 */
public final class TemporaryFiles {

    private static final Logger LOG = LoggerFactory.getLogger(TemporaryFiles.class);

    private TemporaryFiles() {
    }

    /** What tells this writer's temporary files of the same target apart: the request id, or a unique stand-in. */
    public static String tagOf(WriteRequest request) {
        return request.hasId() ? Long.toString(request.id()) : "x" + System.nanoTime();
    }

    /** @param tag from {@link #tagOf} */
    public static Path forTarget(Path target, String tag) {
        return target.resolveSibling(prefix(target) + tag + ".tmp");
    }

    /** A new scratch file beside the target, named so that {@link #removeAbandoned} finds it after a crash. */
    public static Path newScratch(Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        return Files.createTempFile(directory, prefix(target) + "scratch-", ".tmp");
    }

    private static String prefix(Path target) {
        return "." + target.getFileName() + ".sfdw-" + ProcessHandle.current().pid() + "-";
    }

    /** Removes temporary files of {@code target} left by writers that no longer run. */
    public static void removeAbandoned(Path target) {
        Path directory = target.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        Pattern pattern = Pattern.compile("\\." + Pattern.quote(target.getFileName().toString())
                + "\\.sfdw-(\\d+)-[^/]*\\.tmp");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                "." + target.getFileName() + ".sfdw-*.tmp")) {
            for (Path file : files) {
                Matcher m = pattern.matcher(file.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(p -> !p.isAlive()).orElse(true)) {
                    Files.deleteIfExists(file);
                    LOG.info("Removed {}, left by writer process {} that no longer runs", file, m.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not look for abandoned temporary files of {}: {}", target, e.toString());
        }
    }
}
