package org.sfdw.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sfdw.ingest.notify.RecordingEpicsWriter;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.bsread.BsreadDecoder;
import org.sfdw.spool.bsread.WriteRequestFrames;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.Poll;
import org.sfdw.spool.testing.ZmqMessages;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A target of the facility's own, told when requests are written or fail, with the request's status as
 * {@code GET /requests/<id>} answers it, beside the EPICS writer told at each stop: a broker with a raw ZMQ writer
 * that reports outcomes, and both targets real HTTP servers on loopback.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class EndNotificationsTest {

    private static final Path SPOOL = tempDir();
    private static final Path OUTPUT = tempDir();
    private static final String STREAM = "tcp://127.0.0.1:" + FreePort.pick();
    private static final String OUTCOMES = "tcp://127.0.0.1:" + FreePort.pick();
    private static final RecordingEpicsWriter TARGETS = targets();

    static final DropwizardAppExtension<BrokerConfiguration> APP = new DropwizardAppExtension<>(
            BrokerApplication.class, ResourceHelpers.resourceFilePath("broker-notify-test.yml"),
            ConfigOverride.config("spool.directory", SPOOL.toString()),
            ConfigOverride.config("stream.bindAddress", STREAM),
            ConfigOverride.config("delivery.outcomeAddress", OUTCOMES),
            ConfigOverride.config("allowedOutputRoots", "/"),
            ConfigOverride.config("notifications.epicsWriterUrl", TARGETS.url().toString()),
            ConfigOverride.config("notifications.targets[0].url", TARGETS.url().resolve("/logbook").toString()));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final ZContext zmq = new ZContext();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("sfdw-end-notifications");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RecordingEpicsWriter targets() {
        try {
            return new RecordingEpicsWriter(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeSockets() {
        zmq.close();
    }

    @AfterAll
    static void stopTargets() {
        TARGETS.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long acquire(String file) throws Exception {
        call("POST", "/parameters", "{\"general/created\":\"c\",\"general/user\":\"u\",\"general/process\":\"p\","
                + "\"general/instrument\":\"i\",\"output_file\":\"" + OUTPUT.resolve(file) + "\",\"channels\":[\"A\"]}");
        call("PUT", "/start_pulse_id/1", "");
        return Long.parseLong(call("PUT", "/stop_pulse_id/9", "").headers().firstValue("X-Request-Ids").orElseThrow());
    }

    private JsonNode reply(long id) throws Exception {
        return mapper.readTree(call("GET", "/requests/" + id, null).body());
    }

    private long callsTo(String path) {
        return TARGETS.calls().stream().filter(c -> c.path().equals(path)).count();
    }

    @Test
    void aWrittenAndAFailedRequestAreToldWithTheirStatusAndEachStopToTheEpicsWriter() throws Exception {
        ZMQ.Socket writer = ZmqMessages.writerSocket(zmq, STREAM);
        ZMQ.Socket outcomes = zmq.createSocket(SocketType.PUSH);
        outcomes.connect(OUTCOMES);
        OutcomeCodec codec = new OutcomeCodec(mapper);
        BsreadDecoder decoder = new BsreadDecoder(mapper);
        long written = acquire("written.h5");
        long failed = acquire("failed.h5");

        Poll.until(Duration.ofSeconds(20), "both stops told to the EPICS writer", () -> callsTo("/notify") == 2);
        assertThat(callsTo("/logbook")).as("nothing has ended yet").isZero();
        assertThat(reply(written).path("request").path("notifications").findValuesAsText("state"))
                .containsExactly("delivered", "waiting");

        for (int i = 0; i < 2; i++) {
            WriteRequest request = Poll.value(Duration.ofSeconds(20), "a request", () -> ZmqMessages.receive(writer)
                    .map(f -> WriteRequestFrames.decodeDelivery(decoder.decode(f)))).request();
            long now = System.currentTimeMillis();
            outcomes.send(codec.encode(request.id() == written
                    ? new Outcome(written, Outcome.Kind.WRITTEN, "test/1", now, OUTPUT.resolve("written.h5").toString(),
                    null, null)
                    : new Outcome(failed, Outcome.Kind.FAILED, "test/1", now, OUTPUT.resolve("failed.h5").toString(),
                    OUTPUT.resolve("failed.h5.err").toString(), "the data api answered HTTP 500")));
        }

        Poll.until(Duration.ofSeconds(20), "both ends told to the logbook", () -> callsTo("/logbook") == 2);
        var told = TARGETS.calls().stream().filter(c -> c.path().equals("/logbook")).toList();
        JsonNode first = mapper.readTree(told.get(0).body());
        JsonNode second = mapper.readTree(told.get(1).body());
        assertThat(first.path("request").path("id").asLong()).as("in spool order").isEqualTo(written);
        assertThat(first.path("status").asText()).isEqualTo("written");
        assertThat(second.path("status").asText()).isEqualTo("failed");
        assertThat(second.path("request").path("error").asText()).isEqualTo("the data api answered HTTP 500");

        JsonNode now = reply(written);
        Poll.until(Duration.ofSeconds(10), "journalled", () -> {
            try {
                return reply(failed).path("request").path("notifications").findValuesAsText("state")
                        .equals(java.util.List.of("delivered", "delivered"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        ObjectNode withoutNotifications = (ObjectNode) now.deepCopy();
        ((ObjectNode) withoutNotifications.get("request")).remove("notifications");
        assertThat(first).as("the status body is GET /requests/<id> without the notifications")
                .isEqualTo(withoutNotifications);
        assertThat(new String(told.get(0).body())).as("in the broker's reply format").startsWith("{\"state\": \"ok\"");
        assertThat(reply(written).path("request").path("notifications").findValuesAsText("target"))
                .containsExactly("epics_writer", "logbook");
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getAdminPort()
                + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("sfdw_broker_notifications_logbook_delivered_total 2.0",
                "sfdw_broker_notifications_epics_writer_delivered_total 2.0",
                "sfdw_broker_notifications_logbook_pending 0", "sfdw_broker_notifications_logbook_unresolved 0",
                "sfdw_broker_notifications_epics_writer_attempts_total");
    }
}
