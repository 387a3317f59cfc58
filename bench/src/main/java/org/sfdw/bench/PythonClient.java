package org.sfdw.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker's load from Python {@code requests} with one {@code Session}, as DIA sends it: the script
 * {@code broker_client.py} (in this jar) run by Debian's {@code python3} and {@code python3-requests}, which the
 * launcher's set-up installs.
 */
final class PythonClient {

    private static final String PYTHON = "/usr/bin/python3";

    private final ServiceProcesses services;
    private final Path script;

    PythonClient(ServiceProcesses services, Path dir) throws IOException {
        this.services = services;
        Files.createDirectories(dir);
        this.script = dir.resolve("broker_client.py");
        try (InputStream in = PythonClient.class.getResourceAsStream("broker_client.py")) {
            if (in == null) {
                throw new IllegalStateException("broker_client.py is missing from the bench jar");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** @return the table cells: count, per second, median, p99 and max in ms */
    String run(int seconds, int rate, String mode, long firstPulse) throws IOException, InterruptedException {
        return run(services.url("SFDW_BROKER_PORT", ""), seconds, rate, mode, firstPulse);
    }

    /** The same against the server at {@code base}. */
    String run(String base, int seconds, int rate, String mode, long firstPulse)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(PYTHON, script.toString(),
                base, BrokerBenchmark.parametersBody(services.dataDir()),
                Integer.toString(seconds), Integer.toString(rate), mode, Long.toString(firstPulse)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String cells = new String(process.getInputStream().readAllBytes()).strip();
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0 || cells.isEmpty()) {
            process.destroyForcibly();
            throw new IllegalStateException("the Python client failed (" + mode + ", exit "
                    + (process.isAlive() ? "none" : process.exitValue()) + ")");
        }
        return cells;
    }
}
