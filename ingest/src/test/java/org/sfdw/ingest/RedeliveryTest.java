package org.sfdw.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sfdw.spool.AuditLine;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.bsread.BsreadDecoder;
import org.sfdw.spool.bsread.WriteRequestDelivery;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Redelivery against raw ZMQ writers: one that never answers, one that reports through the outcome channel. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedeliveryTest {

    private static final Path SPOOL = tempDir();
    private static final Path OUTPUT = tempDir();
    private static final String STREAM = "tcp://127.0.0.1:" + FreePort.pick();
    private static final String OUTCOMES = "tcp://127.0.0.1:" + FreePort.pick();

    static final DropwizardAppExtension<BrokerConfiguration> APP = new DropwizardAppExtension<>(
            BrokerApplication.class, ResourceHelpers.resourceFilePath("broker-test.yml"),
            ConfigOverride.config("spool.directory", SPOOL.toString()),
            ConfigOverride.config("stream.bindAddress", STREAM),
            ConfigOverride.config("delivery.outcomeAddress", OUTCOMES),
            ConfigOverride.config("delivery.receiveTimeout", "1s"),
            ConfigOverride.config("delivery.heartbeatTimeout", "1s"),
            ConfigOverride.config("delivery.maxAttempts", "2"),
            ConfigOverride.config("allowedOutputRoots", "/"));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final ZContext zmq = new ZContext();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("sfdw-redelivery");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeSockets() {
        zmq.close();
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

    /** A writer's end of the outcome channel. */
    private ZMQ.Socket outcomeSocket() {
        ZMQ.Socket outcomes = zmq.createSocket(SocketType.PUSH);
        outcomes.connect(OUTCOMES);
        return outcomes;
    }

    private JsonNode request(long id) {
        try {
            return mapper.readTree(call("GET", "/requests/" + id, null).body()).get("request");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<WriteRequestDelivery> receive(ZMQ.Socket pull, BsreadDecoder decoder) {
        return ZmqMessages.receive(pull).map(frames -> WriteRequestFrames.decodeDelivery(decoder.decode(frames)));
    }

    @Test
    void aRequestNoWriterAnswersIsSentAgainThenFailsWithItsLineKept() throws Exception {
        ZMQ.Socket silentWriter = ZmqMessages.writerSocket(zmq, STREAM);
        BsreadDecoder decoder = new BsreadDecoder(mapper);
        long id = acquire("silent.h5");

        List<WriteRequestDelivery> received = new ArrayList<>();
        Poll.until(Duration.ofSeconds(30), "request " + id + " to be given up", () -> {
            receive(silentWriter, decoder).ifPresent(received::add);
            return request(id).get("status").asText().equals("failed");
        });

        JsonNode view = request(id);
        // Sent twice (maxAttempts 2, and the broker counts both below); JeroMQ 0.6 may hold the very first message
        // to a freshly connected peer, so the test's socket sees the second sending for sure, the first maybe.
        assertThat(received).as("each sending numbered").isNotEmpty()
                .extracting(r -> r.request().id(), WriteRequestDelivery::number)
                .isSubsetOf(tuple(id, 1), tuple(id, 2)).endsWith(tuple(id, 2));
        assertThat(view.get("attempts").asInt()).isEqualTo(2);
        assertThat(view.get("error").asText()).contains("no writer finished it after 2 attempts");
        Path undeliverable = SPOOL.resolve("undeliverable.err");
        assertThat(view.get("err_file").asText()).isEqualTo(undeliverable.toString());
        List<String> lines = Files.readAllLines(undeliverable);
        WriteRequest kept = AuditLine.parse(lines.get(lines.size() - 1), mapper);
        assertThat(mapper.readTree(kept.dataApiRequest())).isEqualTo(view.get("data_api_request"));
        assertThat(mapper.readTree(kept.parameters())).isEqualTo(view.get("parameters"));
        assertThat(kept.timestamp()).isEqualTo(view.get("timestamp").asDouble());

        // A writer that takes requests and never reports is what the original's writers are: said once, plainly.
        String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getAdminPort()
                + "/healthcheck")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(mapper.readTree(health).get("writers").get("message").asText())
                .contains("look like the original Python writers").contains("delivery.acknowledgements: false");
    }

    @Test
    void aWriterThatReportsEndsTheRequestAsWrittenWithoutRedelivery() throws Exception {
        ZMQ.Socket writer = ZmqMessages.writerSocket(zmq, STREAM);
        ZMQ.Socket outcomes = outcomeSocket();
        OutcomeCodec codec = new OutcomeCodec(mapper);
        BsreadDecoder decoder = new BsreadDecoder(mapper);
        long id = acquire("reported.h5");

        WriteRequest request = Poll.value(Duration.ofSeconds(20), "request " + id, () -> receive(writer, decoder))
                .request();
        assertThat(request.id()).isEqualTo(id);
        outcomes.send(codec.encode(Outcome.of(id, Outcome.Kind.RECEIVED, "test/1", System.currentTimeMillis())));
        Poll.until(Duration.ofSeconds(10), "writing", () -> request(id).get("status").asText().equals("writing"));
        // A writer busy for 2 s, twice the heartbeat timeout: its heartbeats keep the request from being resent.
        // The pauses stand for work being done, not for a result to arrive.
        for (int i = 0; i < 4; i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            outcomes.send(codec.encode(Outcome.of(id, Outcome.Kind.HEARTBEAT, "test/1", System.currentTimeMillis())));
        }
        outcomes.send(codec.encode(new Outcome(id, Outcome.Kind.WRITTEN, "test/1", System.currentTimeMillis(),
                "/x.h5", null, "output_file_format 'hdf5' is neither 'extended' nor 'compact': written in the "
                + "extended layout, as the original did")));
        Poll.until(Duration.ofSeconds(10), "written", () -> request(id).get("status").asText().equals("written"));

        assertThat(request(id).get("attempts").asInt()).isEqualTo(1);
        List<Outcome.Kind> journalled = new ArrayList<>();
        try (org.sfdw.ingest.delivery.OutcomeJournal journal = org.sfdw.ingest.delivery.OutcomeJournal.openForReading(
                SPOOL.resolve("outcomes"), codec)) {
            journal.replay(o -> {
                if (o.requestId() == id) {
                    journalled.add(o.kind());
                }
            });
        }
        assertThat(journalled).as("heartbeats keep the request alive in memory; only what a restart needs is synced")
                .containsExactly(Outcome.Kind.SENT, Outcome.Kind.RECEIVED, Outcome.Kind.WRITTEN);
        assertThat(request(id).get("note").asText()).as("what the writer did otherwise than asked")
                .contains("written in the extended layout");
        assertThat(request(id).get("error").isNull()).isTrue();
        assertThat(receive(writer, decoder)).as("no redelivery").isEmpty();
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getAdminPort()
                + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("sfdw_broker_outcomes_written_total", "sfdw_broker_outcomes_heartbeat_total",
                "sfdw_broker_spool_last_id", "sfdw_broker_forwarder_position", "sfdw_broker_forwarder_lag_requests",
                "sfdw_broker_forwarder_lag_seconds", "sfdw_broker_requests_redelivered", "sfdw_broker_requests_in_flight");
    }

    @Test
    void aFailureWithoutAnErrFileOfItsOwnKeepsTheRequestsLineInTheUndeliverableList() throws Exception {
        ZMQ.Socket writer = ZmqMessages.writerSocket(zmq, STREAM);
        ZMQ.Socket outcomes = outcomeSocket();
        OutcomeCodec codec = new OutcomeCodec(mapper);
        BsreadDecoder decoder = new BsreadDecoder(mapper);
        long id = acquire("full-disk.h5");
        WriteRequest request = Poll.value(Duration.ofSeconds(20), "request " + id, () -> receive(writer, decoder))
                .request();
        outcomes.send(codec.encode(Outcome.of(id, Outcome.Kind.RECEIVED, "test/2", System.currentTimeMillis())));

        // What a writer reports when even the .err beside the output could not be written (its disk is full).
        outcomes.send(codec.encode(new Outcome(id, Outcome.Kind.FAILED, "test/2", System.currentTimeMillis(),
                OUTPUT.resolve("full-disk.h5").toString(), null, "output: No space left on device; the .err file "
                + "could not be written: No space left on device")));
        Poll.until(Duration.ofSeconds(10), "failed", () -> request(id).get("status").asText().equals("failed"));

        Path undeliverable = SPOOL.resolve("undeliverable.err");
        JsonNode view = request(id);
        assertThat(view.get("err_file").asText()).isEqualTo(undeliverable.toString());
        assertThat(view.get("error").asText()).contains("No space left on device").contains("its line is kept in "
                + undeliverable);
        WriteRequest kept = Files.readAllLines(undeliverable).stream().map(l -> AuditLine.parse(l, mapper))
                .filter(r -> r.parameters().contains("full-disk.h5")).findFirst().orElseThrow();
        assertThat(kept.dataApiRequest()).isEqualTo(request.dataApiRequest());
        assertThat(kept.parameters()).isEqualTo(request.parameters());
    }
}
