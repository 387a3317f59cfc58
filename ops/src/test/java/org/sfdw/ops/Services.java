package org.sfdw.ops;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import org.sfdw.ingest.BrokerApplication;
import org.sfdw.ingest.BrokerConfiguration;
import org.sfdw.ops.sim.SimulatorApplication;
import org.sfdw.ops.sim.SimulatorConfiguration;
import org.sfdw.service.ConfigSection;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.JavaProcess;
import org.sfdw.workers.WriterApplication;
import org.sfdw.workers.WriterConfiguration;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pipeline's services for tests, configured from the project's own config.yml with ports and directories moved
 * out of the way: the simulator, a broker that can be stopped and started again on the same spool, writers in this
 * JVM, and writers as separate processes (to be killed).
 */
final class Services implements AutoCloseable {

    static final Path CONFIG = Path.of("..", "config.yml").toAbsolutePath().normalize();
    static final Path CHANNELS = Path.of("demo", "channels.txt").toAbsolutePath();

    private final Path data;
    private final String stream = "tcp://127.0.0.1:" + FreePort.pick();
    private final String outcomes = "tcp://127.0.0.1:" + FreePort.pick();
    private final int brokerPort = FreePort.pick();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<DropwizardTestSupport<?>> writers = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private DropwizardTestSupport<SimulatorConfiguration> sim;
    private int simPort;
    private DropwizardTestSupport<BrokerConfiguration> broker;

    Services(Path data) {
        this.data = data;
    }

    Path spool() {
        return data.resolve("spool");
    }

    Services startSim() throws Exception {
        // Overrides are JVM-wide system properties: each service gets its own prefix so they do not mix.
        sim = new DropwizardTestSupport<>(SimulatorApplication.class, CONFIG.toString(), section("simulator"), "sim",
                ConfigOverride.randomPorts("sim"));
        sim.before();
        // Read once: while a "refuse" fault has the connector closed, Jetty reports no port.
        simPort = sim.getLocalPort();
        return this;
    }

    /** Starts the broker on the same spool and ports each time, with these extra overrides (key, value, ...). */
    Services startBroker(String... overrides) throws Exception {
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("broker", "spool.directory", spool().toString()),
                ConfigOverride.config("broker", "stream.bindAddress", stream),
                ConfigOverride.config("broker", "delivery.outcomeAddress", outcomes),
                ConfigOverride.config("broker", "channelsFile", CHANNELS.toString()),
                ConfigOverride.config("broker", "allowedOutputRoots", data.toString()),
                ConfigOverride.config("broker", "server.applicationConnectors[0].port", String.valueOf(brokerPort)),
                ConfigOverride.config("broker", "server.adminConnectors[0].port", "0")));
        if (sim != null) {
            // The simulator stands in for the EPICS writer, as in the demo.
            all.add(ConfigOverride.config("broker", "notifications.epicsWriterUrl",
                    "http://127.0.0.1:" + simPort + "/notify"));
        }
        for (int i = 0; i < overrides.length; i += 2) {
            all.add(ConfigOverride.config("broker", overrides[i], overrides[i + 1]));
        }
        broker = new DropwizardTestSupport<>(BrokerApplication.class, CONFIG.toString(), section("broker"), "broker",
                all.toArray(ConfigOverride[]::new));
        broker.before();
        return this;
    }

    void stopBroker() {
        broker.after();
        broker = null;
    }

    String brokerUrl() {
        return "http://127.0.0.1:" + brokerPort;
    }

    String streamAddress() {
        return stream;
    }

    /** Switches a simulator fault ({@code POST /tasks/fault} on its admin port); returns what the task said. */
    String simFault(String kind, int count, long millis) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.getAdminPort()
                        + "/tasks/fault?kind=" + kind + "&count=" + count + "&millis=" + millis))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("fault task answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    int simPort() {
        return simPort;
    }

    String queryUrl() {
        return "http://127.0.0.1:" + simPort + "/sf/query";
    }

    Services startWriter() throws Exception {
        String prefix = "writer" + writers.size();
        DropwizardTestSupport<WriterConfiguration> writer = new DropwizardTestSupport<>(WriterApplication.class,
                CONFIG.toString(), section("writer"), prefix,
                ConfigOverride.config(prefix, "stream.address", stream),
                ConfigOverride.config(prefix, "outcomes.address", outcomes),
                ConfigOverride.config(prefix, "outcomes.heartbeatInterval", "300ms"),
                ConfigOverride.config(prefix, "dataApi.queryUrl", queryUrl()),
                ConfigOverride.config(prefix, "allowedOutputRoots", data.toString()),
                ConfigOverride.randomPorts(prefix));
        writer.before();
        writers.add(writer);
        return this;
    }

    /** A writer in its own JVM (`sfdw writer`), logging to {@code log}; heartbeats every {@code heartbeat}. */
    Process startWriterProcess(Path log, String heartbeat) throws IOException {
        Path config = Files.writeString(data.resolve("writer-" + processes.size() + ".yml"), String.join("\n",
                "writer:",
                "  stream: {address: '" + stream + "'}",
                "  outcomes: {address: '" + outcomes + "', heartbeatInterval: " + heartbeat + "}",
                "  dataApi: {queryUrl: '" + queryUrl() + "'}",
                "  server:",
                "    applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
                "    adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
                ""));
        Process process = JavaProcess.start(log, SfdwMain.class, "writer", config.toString());
        processes.add(process);
        return process;
    }

    HttpResponse<String> broker(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + brokerPort + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** One acquisition of {@code channels} into {@code file}; returns the spooled request ids. */
    long[] acquire(Path file, long start, long stop, String... channels) throws IOException, InterruptedException {
        String channelList = Arrays.stream(channels).map(c -> "\"" + c + "\"").reduce((a, b) -> a + ", " + b)
                .map(l -> ", \"channels\": [" + l + "]").orElse("");
        String parameters = "{\"general/created\": \"2026-11-24 10:00:00\", \"general/user\": \"p12345\", "
                + "\"general/process\": \"test\", \"general/instrument\": \"sim\", \"output_file\": \"" + file + "\""
                + channelList + "}";
        String configured = broker("POST", "/parameters", parameters).body();
        if (!configured.contains("\"state\": \"ok\"")) {
            throw new AssertionError("parameters refused: " + configured);
        }
        broker("PUT", "/start_pulse_id/" + start, "");
        HttpResponse<String> stopped = broker("PUT", "/stop_pulse_id/" + stop, "");
        return Stream.of(stopped.headers().firstValue("X-Request-Ids").orElseThrow().split(","))
                .mapToLong(Long::parseLong).toArray();
    }

    private static ConfigSection section(String name) {
        return ConfigSection.of(name);
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
        writers.forEach(DropwizardTestSupport::after);
        if (broker != null) {
            broker.after();
        }
        if (sim != null) {
            sim.after();
        }
    }
}
