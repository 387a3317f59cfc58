package org.sfdw.ops;

import org.sfdw.spool.testing.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The services as operators run them, for integration tests: {@code ops/bin/sfdw <service> CONFIG} processes with a
 * copy of the repository's config.yml, free ports and the data directory given through the environment. Each can be
 * killed ({@code kill -9}) and started again on the same ports and data.
 */
final class LauncherProcesses implements AutoCloseable {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private final Path data;
    private final Path config;
    private final Map<String, String> ports = new HashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> extraEnvironment = new HashMap<>();
    private final Map<String, List<String>> wrappers = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private int starts;

    LauncherProcesses(Path data) throws IOException {
        this.data = data;
        this.config = Files.copy(REPO.resolve("config.yml"), data.resolve("sfdw.yml"));
        for (String variable : List.of("SFDW_SIM_PORT", "SFDW_SIM_ADMIN_PORT", "SFDW_BROKER_PORT",
                "SFDW_BROKER_ADMIN_PORT", "SFDW_STREAM_PORT", "SFDW_OUTCOME_PORT")) {
            ports.put(variable, Integer.toString(FreePort.pick()));
        }
        Files.createDirectories(data.resolve("raw"));
    }

    /** Changes the services' configuration file (for the processes started after it). */
    void editConfig(String from, String to) throws IOException {
        String text = Files.readString(config);
        if (!text.contains(from)) {
            throw new IllegalArgumentException("the configuration has no '" + from + "'");
        }
        Files.writeString(config, text.replace(from, to));
    }

    Path config() {
        return config;
    }

    /** The process running {@code name} as {@code service}, if it was started and not killed. */
    java.util.Optional<Process> process(String name, String service) {
        return java.util.Optional.ofNullable(running.get(name + "#" + service));
    }

    /** Runs {@code sfdw <args>} to its end: exit code, standard output, standard error. */
    ToolRun tool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(REPO.resolve("ops/bin/sfdw").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(data, "tool", ".out");
        Path err = Files.createTempFile(data, "tool", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("SFDW_CONFIG", config.toString());
        builder.environment().put("SFDW_DATA", data.toString());
        builder.environment().putAll(ports);     // as an operator's shell that runs the services would have them
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sfdw " + String.join(" ", args) + " did not end within 120 s");
        }
        return new ToolRun(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    record ToolRun(int exitCode, String out, String err) {
    }

    Path raw() {
        return data.resolve("raw");
    }

    /** Starts {@code name} (e.g. "writer1") as {@code sfdw <service>}; extra environment is kept for restarts. */
    Process start(String name, String service, Map<String, String> environment) throws IOException {
        return startUnder(List.of(), name, service, environment);
    }

    /**
     * Starts {@code name} as {@code <wrapper...> sfdw <service>}: e.g. {@code ip netns exec NS} to run it on
     * another "host", or {@code unshare --pid --fork} in a PID namespace of its own.
     */
    Process startUnder(List<String> wrapper, String name, String service, Map<String, String> environment)
            throws IOException {
        extraEnvironment.put(name, environment);
        wrappers.put(name, wrapper);
        List<String> command = new java.util.ArrayList<>(wrapper);
        command.addAll(List.of(REPO.resolve("ops/bin/sfdw").toString(), service, config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve(name + ".log").toFile()));
        builder.environment().putAll(ports);
        builder.environment().put("SFDW_DATA", data.toString());
        builder.environment().put("SFDW_CHANNELS_FILE", REPO.resolve("ops/demo/channels.txt").toString());
        builder.environment().put("JAVA_OPTS", "-Xmx256m");
        builder.environment().putAll(environment);
        Process process = builder.start();
        running.put(name + "#" + service, process);
        starts++;
        return process;
    }

    /** Starts the simulator, the broker and one writer ({@code writer1}) and waits until all three answer. */
    void startSimBrokerWriter(String writerAdminPort) throws IOException {
        start("sim", "sim", Map.of());
        start("broker", "broker", Map.of());
        start("writer1", "writer", Map.of("SFDW_WRITER_ADMIN_PORT", writerAdminPort));
        awaitBroker();
        awaitWriter(writerAdminPort);
    }

    /** Until the broker answers {@code /status}; fails at once, with its log, if it exited. */
    void awaitBroker() {
        org.sfdw.spool.testing.Poll.until(Duration.ofSeconds(120), "the broker to answer", () -> {
            if (!process("broker", "broker").map(Process::isAlive).orElse(false)) {
                throw new AssertionError("the broker exited: " + log("broker"));
            }
            return answers(url("SFDW_BROKER_PORT", "/status"));
        });
    }

    /** Until the writer on {@code adminPort} and the simulator answer their health checks. */
    void awaitWriter(String adminPort) {
        org.sfdw.spool.testing.Poll.until(Duration.ofSeconds(120), "the writer", () -> answers("http://127.0.0.1:"
                + adminPort + "/healthcheck") && answers(url("SFDW_SIM_ADMIN_PORT", "/healthcheck")));
    }

    /** Runs a system command (mount, ip, rm) to its end; its exit code, -1 when it did not end within 60 s. */
    static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** SIGTERM, as systemd stops a service; waits for the end. */
    void stop(String name, String service) throws InterruptedException {
        Process process = running.remove(name + "#" + service);
        if (process != null) {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not stop within 90 s of SIGTERM");
            }
        }
    }

    /** Points the services' spool at {@code directory} (for the broker started next). */
    void useSpool(Path directory) throws IOException {
        Files.writeString(config, Files.readString(config).replaceFirst("(?m)^    directory: .*$",
                "    directory: " + directory.toString().replace("\\", "/")));
    }

    /** What {@code name} logged so far. */
    String log(String name) {
        try {
            return Files.readString(data.resolve(name + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) to {@code name}'s process and all its descendants (the
     * JVM under a wrapper or the launcher script).
     */
    void signal(String name, String service, String signal) throws IOException, InterruptedException {
        Process process = running.get(name + "#" + service);
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal,
                Long.toString(process.pid())));
        process.descendants().forEach(p -> command.add(Long.toString(p.pid())));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(kill.getInputStream().readAllBytes());
        if (kill.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + said);
        }
    }

    /** {@code kill -9}: no shutdown hook, no flush, exactly what a crash leaves. */
    void kill(String name, String service) throws InterruptedException {
        Process process = running.remove(name + "#" + service);
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    Process restart(String name, String service) throws IOException {
        return startUnder(wrappers.getOrDefault(name, List.of()), name, service,
                extraEnvironment.getOrDefault(name, Map.of()));
    }

    boolean allAlive() {
        return running.values().stream().allMatch(Process::isAlive);
    }

    int starts() {
        return starts;
    }

    /** The port the services were given for {@code portVariable} (e.g. {@code SFDW_BROKER_PORT}). */
    String port(String portVariable) {
        return ports.get(portVariable);
    }

    String url(String portVariable, String path) {
        return "http://127.0.0.1:" + ports.get(portVariable) + path;
    }

    /** The answer, or null when the service could not be reached. */
    HttpResponse<String> call(String method, String url, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    boolean answers(String url) {
        HttpResponse<String> response = call("GET", url, null);
        return response != null && response.statusCode() == 200;
    }

    List<Path> files(String suffix) {
        try (var files = Files.list(raw())) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.values().forEach(Process::destroy);
        for (Process process : running.values()) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        running.clear();
    }
}
