package org.sfdw.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.sfdw.spool.testing.FreePort;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's REST API fed generated bad input: every call gets an answer (JSON, or the original's empty body for a
 * start or stop that succeeded), every refusal says why as
 * {@code {"state":"error","status":"..."}}, and after a refusal the broker is as it was: same status, same
 * parameters, nothing more in the spool. Bounded tries against the real application over HTTP.
 */
class BrokerApiPropertiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static DropwizardTestSupport<BrokerConfiguration> broker;
    private static Path data;

    @BeforeContainer
    static void startBroker() throws Exception {
        Path work = Files.createTempDirectory("sfdw-broker-fuzz");
        data = Files.createDirectories(work.resolve("data"));
        // Its own property prefix: overrides are JVM-wide system properties, and other tests run brokers too.
        broker = new DropwizardTestSupport<>(BrokerApplication.class, ResourceHelpers.resourceFilePath(
                "broker-test.yml"), "fuzz",
                ConfigOverride.config("fuzz", "spool.directory", work.resolve("spool").toString()),
                ConfigOverride.config("fuzz", "stream.bindAddress", "tcp://127.0.0.1:" + FreePort.pick()),
                ConfigOverride.config("fuzz", "delivery.outcomeAddress", "tcp://127.0.0.1:" + FreePort.pick()),
                ConfigOverride.config("fuzz", "channelsFile", ""),
                ConfigOverride.config("fuzz", "allowedOutputRoots", data.toString()),
                ConfigOverride.config("fuzz", "server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("fuzz", "server.adminConnectors[0].port", "0"));
        broker.before();
    }

    @AfterContainer
    static void stopBroker() {
        broker.after();
    }

    private static HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.getLocalPort() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a refusal must leave as it was. */
    private static List<String> state() throws Exception {
        return List.of(send("GET", "/status", null).body(), send("GET", "/parameters", null).body(),
                send("GET", "/requests?limit=1", null).body().replaceAll("\"status\": \"[a-z]+\"", ""));
    }

    private static void assertAnsweredOrRefusedWithoutChange(String method, String path, byte[] body)
            throws Exception {
        List<String> before = state();
        HttpResponse<String> answer = send(method, path, body);
        if (answer.statusCode() == 200 && answer.body().isEmpty()) {
            return;  // start_pulse_id and stop_pulse_id succeed with an empty body, as the original's did
        }
        JsonNode reply = MAPPER.readTree(answer.body());
        assertThat(reply.path("state").asText()).as(answer.body()).isIn("ok", "error");
        if (answer.statusCode() >= 400 || reply.path("state").asText().equals("error")) {
            assertThat(reply.path("state").asText()).as(answer.body()).isEqualTo("error");
            assertThat(reply.path("status").asText()).as("a refusal says why").isNotBlank();
            assertThat(state()).as("a refusal changes nothing: %s %s", method, path).isEqualTo(before);
        }
        assertThat(answer.statusCode()).as(answer.body()).isLessThan(500);
    }

    @Provide
    Arbitrary<String> parameterBodies() {
        String valid = "{\"general/created\": \"c\", \"general/user\": \"u\", \"general/process\": \"p\", "
                + "\"general/instrument\": \"i\", \"output_file\": \"" + data + "/run.h5\", \"channels\": [\"A\"]}";
        Arbitrary<String> mutated = Arbitraries.integers().between(0, valid.length()).flatMap(at ->
                Arbitraries.strings().withChars("{}[]\":,\\/.0-9aZ\u0000\u00e9\ud83d\ude00 ").ofMaxLength(8)
                        .map(text -> valid.substring(0, at) + text + valid.substring(Math.min(valid.length(),
                                at + text.length()))));
        return Arbitraries.oneOf(mutated, Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.of("", "null", "[]", "{}", "{\"output_file\": null}", "\"x\"", "1e999999",
                        "{\"channels\": [[[[]]]]}", "{\"output_file\": \"" + data + "/../../etc/passwd\"}"));
    }

    @Property(tries = 300)
    void parametersAreAcceptedOrRefusedWithAReasonAndNoChange(@ForAll("parameterBodies") String body)
            throws Exception {
        assertAnsweredOrRefusedWithoutChange("POST", "/parameters", body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void pulseIdsThatAreNotPulseIdsAreRefusedWithAReasonAndNoChange(
            @ForAll("pulseIds") String pulseId, @ForAll boolean start) throws Exception {
        String path = (start ? "/start_pulse_id/" : "/stop_pulse_id/")
                + URLEncoder.encode(pulseId, StandardCharsets.UTF_8).replace("+", "%20");
        assertAnsweredOrRefusedWithoutChange("PUT", path, new byte[0]);
    }

    @Provide
    Arbitrary<String> pulseIds() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30),
                Arbitraries.of("-1", "0", "1.5", "1e3", "99999999999999999999999", "0x10", " 7", "NaN", "%00"));
    }

    @Property(tries = 200)
    void resubmissionsOfGarbageAreRefusedWithAReasonAndSpoolNothing(@ForAll("bytes") byte[] body) throws Exception {
        assertAnsweredOrRefusedWithoutChange("POST", "/requests", body);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(400);
    }
}
