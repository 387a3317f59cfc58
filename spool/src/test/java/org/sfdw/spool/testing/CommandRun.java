package org.sfdw.spool.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end as a shell would run it, its stdout and stderr kept apart (through files, so that neither
 * can fill a pipe and stall it): for tests of operator tools, where what goes to which stream is part of the tool.
 */
public record CommandRun(int exitCode, String out, String err) {

    private static final long LIMIT_SECONDS = 180;

    public static CommandRun in(Path directory, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("sfdw-command", ".out");
        Path err = Files.createTempFile("sfdw-command", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " still running after " + LIMIT_SECONDS + " s");
            }
            return new CommandRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
