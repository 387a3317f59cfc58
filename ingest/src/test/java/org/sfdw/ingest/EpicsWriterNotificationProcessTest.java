package org.sfdw.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.ingest.notify.EpicsWriterNotice;
import org.sfdw.ingest.notify.RecordingEpicsWriter;
import org.sfdw.spool.Spool;
import org.sfdw.spool.json.PythonJson;
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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EPICS writer notification through the broker's own process, given with the original's
 * {@code --epics_writer_url}: a stop whose EPICS writer is down is spooled and answered at once, its notification
 * waits (visible in {@code GET /requests/<id>}), the broker is killed with {@code kill -9}, and after the restart the
 * EPICS writer, up by then, is told once.
 */
class EpicsWriterNotificationProcessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private Process broker;
    private RecordingEpicsWriter epicsWriter;

    @AfterEach
    void stop() {
        if (broker != null && broker.isAlive()) {
            broker.destroyForcibly();
        }
        if (epicsWriter != null) {
            epicsWriter.close();
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

    private Process start(Path config, int port, String epicsWriterUrl, String log) throws Exception {
        Process started = JavaProcess.start(dir.resolve(log), BrokerApplication.class, "server", config.toString(),
                "--epics_writer_url", epicsWriterUrl);
        Poll.until(DEADLINE, "the broker process to answer", () -> {
            if (!started.isAlive()) {
                throw new AssertionError("broker exited: " + read(dir.resolve(log)));
            }
            return call(port, "GET", "/status", null).map(r -> r.statusCode() == 200).orElse(false);
        });
        return started;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private JsonNode notifications(int port, long id) throws Exception {
        JsonNode view = mapper.readTree(call(port, "GET", "/requests/" + id, null).orElseThrow().body());
        return view.path("request").path("notifications");
    }

    @Test
    void aNotificationTheEpicsWriterMissedWhileDownIsSentAfterAKillAndARestart() throws Exception {
        int port = FreePort.pick();
        int epicsPort = FreePort.pick();
        String url = "http://127.0.0.1:" + epicsPort + "/notify";
        Path spoolDir = dir.resolve("spool");
        Path config = Files.writeString(dir.resolve("broker.yml"), String.join("\n",
                "spool: {directory: " + spoolDir + "}",
                "stream: {bindAddress: 'tcp://127.0.0.1:" + FreePort.pick() + "'}",
                "delivery: {outcomeAddress: 'tcp://127.0.0.1:" + FreePort.pick() + "'}",
                "notifications: {firstRetry: 50ms, longestRetry: 200ms}",
                "allowedOutputRoots: [" + dir + "]",
                "server:",
                "  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: " + port + "}]",
                "  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: " + FreePort.pick() + "}]",
                ""));
        broker = start(config, port, url, "broker-1.log");

        call(port, "POST", "/parameters", "{\"general/created\":\"c\",\"general/user\":\"u\",\"general/process\":\"p\","
                + "\"general/instrument\":\"i\",\"output_file\":\"" + dir.resolve("run.h5") + "\",\"channels\":[\"A\","
                + "\"CAM:FPICTURE\"]}");
        call(port, "PUT", "/start_pulse_id/100", "");
        HttpResponse<String> stop = call(port, "PUT", "/stop_pulse_id/200", "").orElseThrow();
        assertThat(stop.statusCode()).as("a stop does not wait for the EPICS writer").isEqualTo(200);
        assertThat(stop.headers().firstValue("X-Request-Ids")).hasValue("1,2");

        JsonNode waiting = Poll.value(DEADLINE, "the notification retried", () -> {
            try {
                JsonNode n = notifications(port, 1);
                return n.path(0).path("attempts").asInt() >= 2 ? Optional.of(n) : Optional.empty();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(waiting).hasSize(1);
        assertThat(waiting.get(0).get("target").asText()).isEqualTo("epics_writer");
        assertThat(waiting.get(0).get("state").asText()).isEqualTo("pending");
        assertThat(waiting.get(0).get("last_error").asText()).contains("cannot reach");
        assertThat(notifications(port, 2).isMissingNode()).as("a camera's request tells nobody").isTrue();

        broker.destroyForcibly().waitFor();   // SIGKILL: no shutdown of any kind
        epicsWriter = new RecordingEpicsWriter(epicsPort);
        broker = start(config, port, url, "broker-2.log");

        Poll.until(DEADLINE, "the EPICS writer told", () -> !epicsWriter.calls().isEmpty());
        Poll.until(DEADLINE, "the notification journalled", () -> {
            try {
                return notifications(port, 1).path(0).path("state").asText().equals("delivered");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(epicsWriter.calls()).hasSize(1);
        try (Spool spool = Spool.openForReading(spoolDir)) {
            assertThat(epicsWriter.calls().get(0).body()).isEqualTo(new EpicsWriterNotice(new PythonJson(mapper))
                    .body(spool.read(1).orElseThrow()).orElseThrow());
        }
    }
}
