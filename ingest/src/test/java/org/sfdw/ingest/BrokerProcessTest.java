package org.sfdw.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.Spool;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.JavaProcess;
import org.sfdw.spool.testing.Poll;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker as its own process, started with the original's command-line flag, and ended with GET /kill. */
class BrokerProcessTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private Process broker;

    @AfterEach
    void stopBroker() {
        if (broker != null && broker.isAlive()) {
            broker.destroyForcibly();
        }
    }

    private Optional<HttpResponse<String>> call(int port, String method, String path, String body) {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Process start(Path config, String... flags) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("server", config.toString()));
        arguments.addAll(List.of(flags));
        return JavaProcess.start(dir.resolve("broker.log"), BrokerApplication.class, arguments.toArray(String[]::new));
    }

    /** A broker config with this spool and API port, everything else on free loopback ports. */
    private Path config(Path spoolDir, int port) throws java.io.IOException {
        return Files.writeString(dir.resolve("broker.yml"), String.join("\n",
                "spool: {directory: " + spoolDir + "}",
                "stream: {bindAddress: 'tcp://127.0.0.1:" + FreePort.pick() + "'}",
                "allowedOutputRoots: [" + dir + "]",
                "server:",
                "  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: " + port + "}]",
                "  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: " + FreePort.pick() + "}]",
                ""));
    }

    @Test
    void aSpoolDirectoryItCannotWriteMakesTheBrokerRefuseToStartAndSayWhy() throws Exception {
        // A regular file where the spool's parent directory should be: no one, not even root, can create it.
        Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "x");
        int port = FreePort.pick();
        Path config = config(notADirectory.resolve("spool"), port);

        broker = start(config);

        assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("the broker exits instead of serving").isTrue();
        assertThat(broker.exitValue()).isNotZero();
        assertThat(log()).contains("spool").contains(notADirectory.resolve("spool").toString());
        assertThat(call(port, "GET", "/status", null)).as("nothing answers on the API port").isEmpty();
    }

    @Test
    void auditTrailOnlySpoolsDurablyForAFreshReaderAndKillEndsTheProcess() throws Exception {
        int port = FreePort.pick();
        Path spoolDir = dir.resolve("spool");
        Path config = config(spoolDir, port);
        broker = start(config, "--audit-trail-only");
        Poll.until(Duration.ofSeconds(60), "the broker process to answer", () -> {
            if (!broker.isAlive()) {
                throw new AssertionError("broker exited: " + log());
            }
            return call(port, "GET", "/status", null).map(r -> r.statusCode() == 200).orElse(false);
        });
        assertThat(call(port, "GET", "/statistics", null).orElseThrow().body()).contains("off (audit trail only)");

        call(port, "POST", "/parameters", "{\"general/created\":\"c\",\"general/user\":\"u\",\"general/process\":\"p\","
                + "\"general/instrument\":\"i\",\"output_file\":\"" + dir.resolve("run.h5") + "\",\"channels\":[\"A\"]}");
        call(port, "PUT", "/start_pulse_id/100", "");
        HttpResponse<String> stop = call(port, "PUT", "/stop_pulse_id/200", "").orElseThrow();
        long id = Long.parseLong(stop.headers().firstValue("X-Request-Ids").orElseThrow());

        // This JVM is another process than the broker: what stop_pulse_id acknowledged is on disk for it.
        try (Spool spool = Spool.openForReading(spoolDir)) {
            WriteRequest request = spool.read(id).orElseThrow();
            assertThat(request.dataApiRequest()).contains("\"startPulseId\": 100, \"endPulseId\": 200");
            assertThat(request.parameters()).contains(dir.resolve("run.h5").toString());
        }
        JsonNode view = mapper.readTree(call(port, "GET", "/requests/" + id, null).orElseThrow().body());
        assertThat(view.get("status").asText()).as("audit trail only: never forwarded").isEqualTo("spooled");

        HttpResponse<String> kill = call(port, "GET", "/kill", null).orElseThrow();
        assertThat(kill.statusCode()).isEqualTo(200);
        assertThat(kill.body()).isEmpty();
        assertThat(broker.waitFor(30, TimeUnit.SECONDS)).as("the broker exits after /kill").isTrue();
        assertThat(broker.exitValue()).isZero();
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("broker.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
