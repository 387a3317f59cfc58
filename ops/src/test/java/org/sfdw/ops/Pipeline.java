package org.sfdw.ops;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import org.sfdw.ingest.BrokerApplication;
import org.sfdw.ingest.BrokerConfiguration;
import org.sfdw.ops.config.ConfigSection;
import org.sfdw.ops.sim.SimulatorApplication;
import org.sfdw.ops.sim.SimulatorConfiguration;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.workers.WriterApplication;
import org.sfdw.workers.WriterConfiguration;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * The whole pipeline in this JVM, configured from the project's own config.yml with ports and directories moved
 * out of the way: the simulator, the broker (real spool, real ZMQ) and one writer.
 */
final class Pipeline implements AutoCloseable {

    static final Path CONFIG = Path.of("..", "config.yml").toAbsolutePath().normalize();
    static final Path CHANNELS = Path.of("demo", "channels.txt").toAbsolutePath();

    private final DropwizardTestSupport<SimulatorConfiguration> sim;
    private final DropwizardTestSupport<BrokerConfiguration> broker;
    private final DropwizardTestSupport<WriterConfiguration> writer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    Pipeline(Path dataDirectory) throws Exception {
        String stream = "tcp://127.0.0.1:" + FreePort.pick();
        String outcomes = "tcp://127.0.0.1:" + FreePort.pick();
        // Overrides are JVM-wide system properties: each service gets its own prefix so they do not mix.
        sim = new DropwizardTestSupport<>(SimulatorApplication.class, CONFIG.toString(), section("simulator"), "sim",
                ConfigOverride.randomPorts("sim"));
        sim.before();
        broker = new DropwizardTestSupport<>(BrokerApplication.class, CONFIG.toString(), section("broker"), "broker",
                ConfigOverride.config("broker", "spool.directory", dataDirectory.resolve("spool").toString()),
                ConfigOverride.config("broker", "stream.bindAddress", stream),
                ConfigOverride.config("broker", "delivery.outcomeAddress", outcomes),
                ConfigOverride.config("broker", "channelsFile", CHANNELS.toString()),
                ConfigOverride.config("broker", "allowedOutputRoots", dataDirectory.toString()),
                ConfigOverride.randomPorts("broker"));
        broker.before();
        writer = new DropwizardTestSupport<>(WriterApplication.class, CONFIG.toString(), section("writer"), "writer",
                ConfigOverride.config("writer", "stream.address", stream),
                ConfigOverride.config("writer", "outcomes.address", outcomes),
                ConfigOverride.config("writer", "dataApi.queryUrl",
                        "http://127.0.0.1:" + sim.getLocalPort() + "/sf/query"),
                ConfigOverride.randomPorts("writer"));
        writer.before();
    }

    private static ConfigSection section(String name) {
        return new ConfigSection(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), name);
    }

    HttpResponse<String> broker(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.getLocalPort() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        writer.after();
        broker.after();
        sim.after();
    }
}
