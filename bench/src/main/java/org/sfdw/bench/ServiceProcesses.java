package org.sfdw.bench;

import org.sfdw.spool.testing.FreePort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The services as separate JVMs on loopback for the benchmarks: each started from the service jar with a copy of the
 * repository's config.yml, its ports and data directory given through the environment the config reads.
 */
final class ServiceProcesses implements AutoCloseable {

    private final Path dir;
    private final Path config;
    private final Map<String, String> environment = new HashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Process> started = new HashMap<>();
    private int starts;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** @param configEdit replaces text in the copied config (e.g. the spool's durability); null for none */
    ServiceProcesses(Path dir, String[] configEdit) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        String text = Files.readString(Path.of("config.yml"));
        if (configEdit != null) {
            if (!text.contains(configEdit[0])) {
                throw new IllegalStateException("config.yml has no '" + configEdit[0] + "'");
            }
            text = text.replace(configEdit[0], configEdit[1]);
        }
        this.config = Files.writeString(dir.resolve("config.yml"), text);
        environment.put("SFDW_DATA", dir.toString());
        for (String port : List.of("SFDW_SIM_PORT", "SFDW_SIM_ADMIN_PORT", "SFDW_BROKER_PORT", "SFDW_BROKER_ADMIN_PORT",
                "SFDW_STREAM_PORT", "SFDW_OUTCOME_PORT", "SFDW_WRITER_ADMIN_PORT")) {
            environment.put(port, Integer.toString(FreePort.pick()));
        }
    }

    /** Where the spool and, under raw/, the files go (SFDW_DATA, the allowed output root). */
    Path dataDir() {
        return dir.toAbsolutePath();
    }

    String url(String portVariable, String path) {
        return "http://127.0.0.1:" + environment.get(portVariable) + path;
    }

    /**
     * Starts {@code sfdw <service> config.yml} and waits until {@code readyUrl} answers 200.
     *
     * @param heap the JVM options of the service's unit, e.g. {@code -Xmx512m}, separated by spaces
     */
    void start(String service, String heap, String readyUrl) throws IOException, InterruptedException {
        // The services run from the service jar, as in production; the launcher says where it is.
        String jar = System.getProperty("sfdw.jar", "");
        if (!jar.endsWith(".jar") || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("run the benchmark with ops/bin/sfdw bench, which gives the service jar "
                    + "as -Dsfdw.jar (got '" + jar + "')");
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(List.of(heap.trim().split("\\s+")));
        command.addAll(List.of("-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true"));
        // e.g. BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=broker.jfr to profile the services under load
        String extra = System.getenv("BENCH_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar, service, config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve(service + (++starts) + ".log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        started.put(service, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!answers(readyUrl)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " did not start; see " + dir);
            }
            Thread.sleep(20);
        }
    }

    /** Stops the newest process started as {@code service} and waits for it to end. */
    void stop(String service) throws InterruptedException {
        Process process = started.remove(service);
        processes.remove(process);
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The peak resident set (VmHWM) of the newest process started as {@code service}, KiB. */
    long peakRssKib(String service) throws IOException {
        return statusKib(service, "VmHWM");
    }

    /** The anonymous and file-backed resident set of the newest process started as {@code service}: "A / F" MiB. */
    String residentMib(String service) throws IOException {
        return statusKib(service, "RssAnon") / 1024 + " / " + statusKib(service, "RssFile") / 1024;
    }

    /** One field of {@code /proc/<pid>/status} of the newest process started as {@code service}, KiB. */
    private long statusKib(String service, String field) throws IOException {
        return ProcStatus.kib(started.get(service).pid(), field);
    }

    /** Waits until {@code url} answers 200 (e.g. the broker's health, once a writer is connected). */
    void awaitHealthy(String url) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!answers(url)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(url + " did not become healthy; see " + dir);
            }
            Thread.sleep(100);
        }
    }

    private boolean answers(String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
