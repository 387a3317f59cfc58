package org.sfdw.workers.core;

import org.sfdw.spool.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of files being written, {@code .<name>.sfdw-<host>~<boot>~<pid namespace>~<pid>-<request id>.tmp} beside
 * the target: hidden, so a scan of {@code *.h5} never sees one. A writer killed mid-write leaves its temporary file;
 * the next writer of the same file removes it when the pid can be trusted (same host, boot and PID namespace) and
 * that process is gone, when the host rebooted since, or else (another host sharing the file system, another PID
 * namespace) only once the file is older than the stale age, well past every timeout: a writer that is merely
 * slow keeps its file.
 */
public final class TemporaryFiles {

    private static final Logger LOG = LoggerFactory.getLogger(TemporaryFiles.class);
    private static final WriterIdentity IDENTITY = WriterIdentity.ofThisProcess();

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
        return "." + target.getFileName() + ".sfdw-" + IDENTITY.token() + "-";
    }

    /**
     * Removes temporary files of {@code target} left by writers that no longer run.
     *
     * @param staleAfter age after which a temporary file whose writer cannot be looked up is taken for abandoned
     */
    public static void removeAbandoned(Path target, Duration staleAfter) {
        removeAbandoned(target, staleAfter, IDENTITY);
    }

    static void removeAbandoned(Path target, Duration staleAfter, WriterIdentity self) {
        Path directory = target.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        Pattern pattern = Pattern.compile("\\." + Pattern.quote(target.getFileName().toString())
                + "\\.sfdw-(?:([^~/]+)~([^~/]+)~([^~/]+)~)?(\\d+)-[^/]*\\.tmp");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                "." + target.getFileName() + ".sfdw-*.tmp")) {
            for (Path file : files) {
                Matcher m = pattern.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid = Long.parseLong(m.group(4));
                WriterIdentity writer = m.group(1) == null ? null
                        : new WriterIdentity(m.group(1), m.group(2), m.group(3), pid);
                String why = abandonment(file, pid, writer, self, staleAfter);
                if (why != null) {
                    Files.deleteIfExists(file);
                    LOG.info("Removed {}: {}", file, why);
                } else {
                    LOG.info("Left {} alone: its writer ({}) may still be writing; it is removed once older than {}",
                            file, writer == null ? "pid " + pid : writer.token(), staleAfter);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not look for abandoned temporary files of {}: {}", target, e.toString());
        }
    }

    /** Why {@code file} is abandoned, or null while its writer may still be at work. */
    private static String abandonment(Path file, long pid, WriterIdentity writer, WriterIdentity self,
                                      Duration staleAfter) throws IOException {
        if (writer != null && self.sharesPidsWith(writer)) {
            boolean gone = ProcessHandle.of(writer.pid()).map(p -> !p.isAlive()).orElse(true);
            return gone ? "left by writer process " + writer.pid() + " of this host, which no longer runs" : null;
        }
        if (writer != null && self.outlived(writer)) {
            return "left by writer process " + writer.pid() + " of this host before its last boot";
        }
        Duration age = Duration.between(Files.getLastModifiedTime(file).toInstant(), java.time.Instant.now());
        return age.compareTo(staleAfter) > 0 ? "left by " + (writer == null ? "writer process " + pid + " (an older "
                + "writer, whose names carry no host)" : writer.token()) + ", unchanged for " + age.toMinutes()
                + " min (older than " + staleAfter + ")" : null;
    }
}
