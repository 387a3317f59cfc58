package org.sfdw.ingest;

import com.codahale.metrics.health.HealthCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sfdw.ingest.health.DiskSpaceHealthCheck;
import org.sfdw.spool.AuditLine;
import org.sfdw.spool.Durability;
import org.sfdw.spool.Spool;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.testing.Fixtures;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.Poll;
import org.sfdw.spool.testing.ZmqMessages;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every endpoint of the broker over real HTTP against the real app, with the spool read back after each call. */
@ExtendWith(DropwizardExtensionsSupport.class)
class BrokerApiTest {

    private static final Path WORK = tempDir();
    private static final Path SPOOL = WORK.resolve("spool");
    private static final Path DATA = WORK.resolve("data");
    private static final Path CHANNELS = WORK.resolve("channels.txt");
    private static final String STREAM = "tcp://127.0.0.1:" + FreePort.pick();

    static final DropwizardAppExtension<BrokerConfiguration> APP = new DropwizardAppExtension<>(
            BrokerApplication.class, ResourceHelpers.resourceFilePath("broker-test.yml"),
            ConfigOverride.config("spool.directory", SPOOL.toString()),
            ConfigOverride.config("stream.bindAddress", STREAM),
            ConfigOverride.config("delivery.outcomeAddress", "tcp://127.0.0.1:" + FreePort.pick()),
            ConfigOverride.config("channelsFile", CHANNELS.toString()),
            ConfigOverride.config("allowedOutputRoots", DATA.toString()));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = new ObjectMapper();

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("sfdw-broker-test");
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("channels.txt"), "# demo\nFILE:A\n\nFILE:B   # second\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void reset() throws Exception {
        call("GET", "/stop", null);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private JsonNode error(HttpResponse<String> response, String fragment) throws IOException {
        JsonNode reply = mapper.readTree(response.body());
        assertThat(reply.get("state").asText()).as(response.body()).isEqualTo("error");
        assertThat(reply.get("status").asText()).contains(fragment);
        return reply;
    }

    private String status() throws Exception {
        return json(call("GET", "/status", null)).get("status").asText();
    }

    private static List<WriteRequest> spooled() {
        try (Spool spool = Spool.openForReading(SPOOL)) {
            return spool.readAll();
        }
    }

    private static String parameters(String outputFile, String extra) {
        return "{\"general/created\":\"2026-11-24 10:00:00\",\"general/user\":\"p12345\",\"general/process\":\"test\","
                + "\"general/instrument\":\"alvra\",\"output_file\":\"" + outputFile + "\"" + extra + "}";
    }

    private static String file(String name) {
        return DATA.resolve(name).toString();
    }

    /** Runs an acquisition start..stop and returns the requests it spooled. */
    private List<WriteRequest> acquire(String parameters, long start, long stop) throws Exception {
        int before = spooled().size();
        assertThat(json(call("POST", "/parameters", parameters)).get("state").asText()).isEqualTo("ok");
        assertThat(call("PUT", "/start_pulse_id/" + start, "").statusCode()).isEqualTo(200);
        HttpResponse<String> answer = call("PUT", "/stop_pulse_id/" + stop, "");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
        List<WriteRequest> all = spooled();
        return all.subList(before, all.size());
    }

    @Test
    void stopSpoolsTheOriginalRequestsBeforeAnsweringAndNamesTheirIds() throws Exception {
        int before = spooled().size();
        assertThat(status()).isEqualTo("stopped");
        JsonNode configured = json(call("POST", "/parameters",
                parameters(file("run1.h5"), ",\"channels\":[\"SAR:A\",\"SAR:B\",\"CAM1:FPICTURE\"]")));
        assertThat(configured.fieldNames()).toIterable().containsExactly("state", "status", "parameters");
        assertThat(configured.get("status").asText()).isEqualTo("configured");
        assertThat(configured.get("parameters").get("output_file").asText()).isEqualTo(file("run1.h5"));
        assertThat(call("PUT", "/start_pulse_id/5721143344", "").body()).isEmpty();
        assertThat(status()).isEqualTo("receiving");
        assertThat(spooled()).hasSize(before);

        HttpResponse<String> stop = call("PUT", "/stop_pulse_id/5721143416", "");

        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.body()).isEmpty();
        List<WriteRequest> requests = spooled().subList(before, spooled().size());
        assertThat(requests).hasSize(2);
        assertThat(stop.headers().firstValue("X-Request-Ids")).contains(requests.get(0).id() + "," + requests.get(1).id());
        assertThat(stop.headers().firstValue("Location").orElseThrow()).endsWith("/requests/" + requests.get(0).id());
        assertThat(requests.get(0).dataApiRequest()).isEqualTo("{\"channels\": [{\"name\": \"SAR:A\", \"backend\": "
                + "\"sf-databuffer\"}, {\"name\": \"SAR:B\", \"backend\": \"sf-databuffer\"}], \"range\": "
                + "{\"startPulseId\": 5721143344, \"endPulseId\": 5721143416}, \"response\": {\"format\": \"json\", "
                + "\"compression\": \"none\"}, \"eventFields\": [\"channel\", \"pulseId\", \"value\", \"shape\", "
                + "\"globalDate\"], \"configFields\": [\"type\", \"shape\"]}");
        assertThat(requests.get(0).parameters()).startsWith("{\"general/created\": \"2026-11-24 10:00:00\", ")
                .contains("\"output_file\": \"" + file("run1.h5") + "\"");
        assertThat(requests.get(1).dataApiRequest())
                .startsWith("{\"channels\": [{\"name\": \"CAM1:FPICTURE\", \"backend\": \"sf-imagebuffer\"}]");
        assertThat(requests.get(1).parameters()).contains("\"output_file\": \"" + file("run1.h5") + "_CAM1.h5\"");
        assertThat(requests.get(0).timestamp()).isCloseTo(System.currentTimeMillis() / 1000.0,
                org.assertj.core.data.Offset.offset(60.0));
        assertThat(status()).isEqualTo("stopped");

        HttpResponse<String> again = call("PUT", "/stop_pulse_id/5721143416", "");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("X-Request-Ids")).as("the same stop again is a no-op").isEmpty();
        assertThat(spooled()).hasSize(before + 2);
    }

    @Test
    void missingAndMalformedParametersAreNamedAndChangeNothing() throws Exception {
        int before = spooled().size();
        JsonNode reply = error(call("POST", "/parameters", "{\"output_file\":\"" + file("x.h5") + "\"}"),
                "missing mandatory parameters");
        assertThat(reply.get("status").asText()).contains("general/created", "general/user", "general/process",
                "general/instrument");
        error(call("POST", "/parameters", "{not json"), "not valid JSON");
        error(call("POST", "/parameters", "[1,2]"), "must be a JSON object");
        error(call("POST", "/parameters", parameters(file("x.h5"), ",\"output_file_format\":\"hdf5\"")),
                "output_file_format must be one of [extended, compact]");
        error(call("POST", "/parameters", parameters(file("x.h5"), ",\"channels\":\"SAR:A\"")),
                "channels must be a list");
        error(call("POST", "/parameters", parameters(file("x.h5"), ",\"channels\":[\"A\",\"A\"]")), "twice");
        String tooMany = IntStream.range(0, 101).mapToObj(i -> "\"C" + i + "\"").reduce((a, b) -> a + "," + b).orElseThrow();
        error(call("POST", "/parameters", parameters(file("x.h5"), ",\"channels\":[" + tooMany + "]")),
                "101 channels; the limit is 100");
        error(call("POST", "/parameters", parameters(file("x.h5"),
                ",\"channels\":[\"A:FPICTURE\",\"B:FPICTURE\",\"C:FPICTURE\"]")), "3 picture channels");
        error(call("POST", "/parameters", parameters(file("x.h5"), ",\"pad\":\"" + "x".repeat(5000) + "\"")),
                "larger than the limit of 4096 bytes");
        error(send("POST", "/parameters", new byte[]{'{', '"', (byte) 0xC3, '"', '}'}), "not valid UTF-8");
        // Refused by Jetty or Jersey before any resource: still the broker's JSON, saying why.
        assertThat(error(call("PUT", "/start_pulse_id/%00", ""), "HTTP 400").get("state").asText()).isEqualTo("error");
        HttpResponse<String> unparsable = call("PUT", "/start_pulse_id/%00", "");
        assertThat(unparsable.statusCode()).isEqualTo(400);
        // Jetty drops a connection whose request it could not parse: the answer must say so, or the next call
        // goes out on a closed connection and gets nothing back.
        assertThat(unparsable.headers().firstValue("connection")).hasValue("close");
        error(call("GET", "/no/such/path", null), "no such endpoint /no/such/path");
        // Deeper than Jackson's nesting limit (1000) but within the size limit: refused, not a stack overflow.
        error(call("POST", "/parameters", "[".repeat(2000) + "]".repeat(2000)), "nesting depth");
        error(call("POST", "/requests", "{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}"), "nesting depth");

        assertThat(status()).isEqualTo("stopped");
        assertThat(spooled()).hasSize(before);
    }

    @Test
    void outputFilesOutsideTheAllowedRootsAreRefused() throws Exception {
        Path escape = DATA.resolve("escape");
        if (!Files.exists(escape)) {
            Files.createSymbolicLink(escape, WORK);
        }
        error(call("POST", "/parameters", parameters("relative/run.h5", "")), "must be an absolute path");
        error(call("POST", "/parameters", parameters(DATA + "/../run.h5", "")), "must not contain '..'");
        error(call("POST", "/parameters", parameters("/etc/run.h5", "")), "outside the allowed directories");
        error(call("POST", "/parameters", parameters(escape + "/run.h5", "")), "symbolic link");
        error(call("POST", "/parameters", parameters(file("x".repeat(256)), "")), "longer than 255 bytes");
        assertThat(status()).isEqualTo("stopped");
        assertThat(json(call("POST", "/parameters", parameters("/dev/null", ""))).get("state").asText()).isEqualTo("ok");
    }

    @Test
    void badPulseIdsAreRefusedAndLeaveTheAcquisitionRunning() throws Exception {
        int before = spooled().size();
        json(call("POST", "/parameters", parameters(file("run.h5"), "")));
        call("PUT", "/start_pulse_id/1000", "");

        assertThat(error(call("PUT", "/stop_pulse_id/abc", ""), "").get("status").asText())
                .isEqualTo("stop_pulse_id must be a whole number, got 'abc'");
        error(call("PUT", "/stop_pulse_id/-5", ""), "must not be negative");
        assertThat(error(call("PUT", "/stop_pulse_id/999", ""), "").get("status").asText())
                .isEqualTo("stop_pulse_id 999 is before start_pulse_id 1000");
        error(call("PUT", "/start_pulse_id/1e3", ""), "start_pulse_id must be a whole number");
        error(call("PUT", "/start_pulse_id/-1", ""), "must not be negative");

        assertThat(status()).isEqualTo("receiving");
        assertThat(spooled()).hasSize(before);
    }

    @Test
    void stopWithoutStartIsIgnored() throws Exception {
        int before = spooled().size();
        json(call("POST", "/parameters", parameters(file("run.h5"), "")));

        HttpResponse<String> stop = call("PUT", "/stop_pulse_id/2000", "");

        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.headers().firstValue("X-Request-Ids")).isEmpty();
        assertThat(spooled()).hasSize(before);
        assertThat(status()).isEqualTo("configured");
    }

    @Test
    void aStopAfterAStartWithoutParametersAnswersAnErrorAndIsCounted() throws Exception {
        call("GET", "/stop", null);
        int before = spooled().size();
        long rejected = json(call("GET", "/statistics", null)).get("statistics").get("n_rejected_calls").asLong();
        assertThat(call("PUT", "/start_pulse_id/3000", "").statusCode()).isEqualTo(200);

        HttpResponse<String> stop = call("PUT", "/stop_pulse_id/3010", "");

        assertThat(stop.statusCode()).as("the original's endpoints answer errors with 200").isEqualTo(200);
        assertThat(stop.body()).isEqualTo("{\"state\": \"error\", \"status\": \"stop_pulse_id 3010: no parameters were "
                + "set for the acquisition started at pulse 3000, so nothing was recorded; POST /parameters "
                + "(output_file, general/*) before start_pulse_id, then start and stop again\"}");
        assertThat(spooled()).hasSize(before);
        assertThat(json(call("GET", "/statistics", null)).get("statistics").get("n_rejected_calls").asLong())
                .isEqualTo(rejected + 1);
        assertThat(status()).isEqualTo("stopped");
    }

    @Test
    void repliesAreTheBytesPythonsJsonDumpsPrints() throws Exception {
        call("GET", "/stop", null);
        assertThat(call("GET", "/status", null).body()).isEqualTo("{\"state\": \"ok\", \"status\": \"stopped\"}");
        String parameters = "{\"general/created\":\"c\",\"general/user\":\"Z\u00fcrich \ud83d\ude80\","
                + "\"general/process\":\"p\",\"general/instrument\":\"i\",\"output_file\":\"" + file("bytes.h5")
                + "\",\"channels\":[\"S:A\"],\"x\":2.2842986685365885e+17}";
        assertThat(call("POST", "/parameters", parameters).body()).isEqualTo("{\"state\": \"ok\", \"status\": "
                + "\"configured\", \"parameters\": {\"general/created\": \"c\", \"general/user\": "
                + "\"Z\\u00fcrich \\ud83d\\ude80\", \"general/process\": \"p\", \"general/instrument\": \"i\", "
                + "\"output_file\": \"" + file("bytes.h5") + "\", \"channels\": [\"S:A\"], "
                + "\"x\": 2.2842986685365885e+17}}");
        String statistics = call("GET", "/statistics", null).body();
        assertThat(statistics).startsWith("{\"state\": \"ok\", \"status\": \"configured\", \"statistics\": "
                + "{\"process_startup_time\": \"");
        assertThat(List.of("process_startup_time", "n_processed_requests", "last_sent_write_request",
                "last_sent_write_request_time", "last_request_ids")).as("the original's fields first, in its order")
                .isSortedAccordingTo(java.util.Comparator.comparingInt(key -> {
                    int at = statistics.indexOf("\"" + key + "\": ");
                    return at < 0 ? Integer.MAX_VALUE : at;
                }));
        call("GET", "/stop", null);
    }

    @Test
    void errorsJerseyAndJettyAnswerThemselvesHaveTheBrokersShape() throws Exception {
        HttpResponse<String> method = call("PUT", "/status", "");
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(method.body()).isEqualTo("{\"state\": \"error\", \"status\": \"PUT /status: method not allowed; "
                + "/status takes GET\"}");
        HttpResponse<String> unknown = call("GET", "/statuz", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).startsWith("{\"state\": \"error\", \"status\": \"no such endpoint /statuz; ");
        HttpResponse<String> slash = call("GET", "/status/", null);
        assertThat(slash.body()).as("a trailing slash").startsWith("{\"state\": \"");
        HttpResponse<String> html = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + APP.getLocalPort() + "/status")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(html.statusCode()).isEqualTo(406);
        assertThat(html.body()).startsWith("{\"state\": \"error\", \"status\": \"GET /status: the broker answers only "
                + "application/json");
        HttpResponse<String> nul = call("GET", "/status%00", null);
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(nul.body()).startsWith("{\"state\": \"error\", \"status\": \"HTTP 400: ");
        // Refused inside the servlet context (Dropwizard's method filter): the same shape, and the connection stays.
        HttpResponse<String> trace = call("TRACE", "/status", null);
        assertThat(trace.statusCode()).isEqualTo(405);
        assertThat(trace.body()).isEqualTo("{\"state\": \"error\", \"status\": \"HTTP 405: Method Not Allowed\"}");
        assertThat(trace.headers().firstValue("connection")).isEmpty();
    }

    @Test
    void theSameStartIsANoOpAndANewStartReplacesTheRunningOne() throws Exception {
        json(call("POST", "/parameters", parameters(file("run.h5"), "")));
        call("PUT", "/start_pulse_id/100", "");
        call("PUT", "/start_pulse_id/100", "");
        call("PUT", "/start_pulse_id/150", "");
        assertThat(status()).isEqualTo("receiving");
        call("PUT", "/stop_pulse_id/200", "");

        WriteRequest last = spooled().get(spooled().size() - 1);
        assertThat(last.dataApiRequest()).contains("\"startPulseId\": 150, \"endPulseId\": 200");
    }

    @Test
    void getStopClearsParametersAndStart() throws Exception {
        int before = spooled().size();
        json(call("POST", "/parameters", parameters(file("run.h5"), "")));
        call("PUT", "/start_pulse_id/100", "");

        JsonNode stopped = json(call("GET", "/stop", null));

        assertThat(stopped.get("state").asText()).isEqualTo("ok");
        assertThat(stopped.get("status").asText()).isEqualTo("stopped");
        call("PUT", "/stop_pulse_id/200", "");
        assertThat(spooled()).hasSize(before);
    }

    @Test
    void theChannelsFileIsUsedAndReReadWhenItChanges() throws Exception {
        List<WriteRequest> first = acquire(parameters(file("f1.h5"), ""), 10, 20);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).dataApiRequest()).contains("\"name\": \"FILE:A\"", "\"name\": \"FILE:B\"");

        String original = Files.readString(CHANNELS);
        try {
            Files.writeString(CHANNELS, "FILE:C\nCAM9:FPICTURE\n# FILE:A\n");
            Files.setLastModifiedTime(CHANNELS, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            List<WriteRequest> second = acquire(parameters(file("f2.h5"), ""), 30, 40);
            assertThat(second).hasSize(2);
            assertThat(second.get(0).dataApiRequest()).contains("FILE:C").doesNotContain("FILE:A");
            assertThat(second.get(1).parameters()).contains(file("f2.h5") + "_CAM9.h5");

            Files.writeString(CHANNELS, "A:FPICTURE\nB:FPICTURE\nC:FPICTURE\n");
            Files.setLastModifiedTime(CHANNELS, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10000));
            int before = spooled().size();
            json(call("POST", "/parameters", parameters(file("f3.h5"), "")));
            call("PUT", "/start_pulse_id/50", "");
            error(call("PUT", "/stop_pulse_id/60", ""), "channels file " + CHANNELS + " lists 3 picture channels");
            assertThat(status()).isEqualTo("receiving");
            assertThat(spooled()).hasSize(before);
        } finally {
            Files.writeString(CHANNELS, original);
            Files.setLastModifiedTime(CHANNELS, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 20000));
        }
    }

    @Test
    void killIsRefusedWhenSwitchedOff() throws Exception {
        error(call("GET", "/kill", null), "/kill is disabled");
        assertThat(status()).isEqualTo("stopped");
    }

    @Test
    void statisticsShowTheOriginalFieldsAndTheNewCounters() throws Exception {
        List<WriteRequest> requests = acquire(parameters(file("stats.h5"), ",\"channels\":[\"S:A\"]"), 1, 2);
        error(call("PUT", "/stop_pulse_id/x", ""), "");

        JsonNode reply = json(call("GET", "/statistics", null));

        assertThat(reply.get("state").asText()).isEqualTo("ok");
        assertThat(reply.get("status").asText()).isEqualTo("stopped");
        JsonNode statistics = reply.get("statistics");
        assertThat(statistics.get("process_startup_time").asText()).matches("\\d{8}-\\d{6}");
        assertThat(statistics.get("n_processed_requests").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode last = statistics.get("last_sent_write_request");
        assertThat(last.get("data_api_request").asText()).isEqualTo(requests.get(0).dataApiRequest());
        assertThat(last.get("parameters").asText()).isEqualTo(requests.get(0).parameters());
        assertThat(last.get("timestamp").asDouble()).isEqualTo(requests.get(0).timestamp());
        assertThat(statistics.get("last_sent_write_request_time").asText()).matches("\\d{8}-\\d{6}");
        assertThat(statistics.get("last_request_ids").size()).isEqualTo(1);
        assertThat(statistics.get("last_request_ids").get(0).asLong()).isEqualTo(requests.get(0).id());
        assertThat(statistics.get("n_rejected_calls").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(statistics.get("last_spooled_request_id").asLong()).isEqualTo(requests.get(0).id());
        assertThat(statistics.get("forwarding").asText()).isEqualTo("on");
    }

    @Test
    void eachRequestHasAStatusThatFollowsTheForwarder() throws Exception {
        WriteRequest request = acquire(parameters(file("status.h5"), ",\"channels\":[\"S:A\"]"), 5, 9).get(0);

        JsonNode reply = json(call("GET", "/requests/" + request.id(), null));
        JsonNode view = reply.get("request");
        assertThat(view.get("id").asLong()).isEqualTo(request.id());
        assertThat(view.get("output_file").asText()).isEqualTo(file("status.h5"));
        assertThat(view.get("data_api_request").get("range").get("endPulseId").asLong()).isEqualTo(9);
        assertThat(view.get("parameters").get("general/user").asText()).isEqualTo("p12345");
        assertThat(view.get("rerun_of").isNull()).isTrue();
        assertThat(view.get("error").isNull()).isTrue();

        try (ZContext zmq = new ZContext()) {
            ZMQ.Socket writer = ZmqMessages.writerSocket(zmq, STREAM);
            Poll.until(Duration.ofSeconds(20), "request " + request.id() + " to be forwarded", () -> {
                try {
                    return json(call("GET", "/requests/" + request.id(), null)).get("status").asText().equals("forwarded");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
        JsonNode forwarded = json(call("GET", "/requests/" + request.id(), null)).get("request");
        assertThat(forwarded.get("attempts").asInt()).isEqualTo(1);
        JsonNode list = json(call("GET", "/requests?status=forwarded&limit=5", null));
        assertThat(list.get("requests").get(0).get("status").asText()).isEqualTo("forwarded");
        assertThat(list.get("requests").size()).isBetween(1, 5);

        HttpResponse<String> missing = call("GET", "/requests/99999999", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        error(missing, "no request 99999999 in the spool");
        assertThat(call("GET", "/requests/abc", null).statusCode()).isEqualTo(400);
        error(call("GET", "/requests?status=lost", null), "unknown request status 'lost'");
        assertThat(call("GET", "/requests?limit=0", null).statusCode()).isEqualTo(400);
    }

    @Test
    void anAuditLineIsResubmittedAsANewRequestThatNamesTheOneItReruns() throws Exception {
        WriteRequest original = acquire(parameters(file("rerun.h5"), ",\"channels\":[\"S:A\"]"), 1, 3).get(0);
        String line = AuditLine.format(original, LocalDateTime.now());

        HttpResponse<String> answer = call("POST", "/requests", line);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode reply = mapper.readTree(answer.body());
        long id = reply.get("request_ids").get(0).asLong();
        assertThat(reply.get("rerun_of").asLong()).isEqualTo(original.id());
        assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith("/requests/" + id);
        WriteRequest stored = spooled().get(spooled().size() - 1);
        assertThat(stored.id()).isEqualTo(id);
        assertThat(stored.sameContentAs(original)).isTrue();
        assertThat(stored.rerunOf()).isEqualTo(original.id());
        assertThat(json(call("GET", "/requests/" + id, null)).get("request").get("rerun_of").asLong())
                .isEqualTo(original.id());

        HttpResponse<String> again = call("POST", "/requests", line.substring(18));
        assertThat(mapper.readTree(again.body()).get("rerun_of").asLong()).as("a rerun of a rerun names the original")
                .isEqualTo(original.id());
    }

    @Test
    void anErrFileFromElsewhereIsSpooledWithoutAnOriginal() throws Exception {
        String err = "[20180608-140452] {\"data_api_request\": \"{\\\"channels\\\": [{\\\"name\\\": \\\"X\\\"}], "
                + "\\\"range\\\": {\\\"startPulseId\\\": 1, \\\"endPulseId\\\": 2}}\", \"parameters\": \""
                + parameters(file("foreign.h5"), "").replace("\"", "\\\"") + "\", \"timestamp\": 1528459491.5}";

        HttpResponse<String> answer = call("POST", "/requests", err);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(mapper.readTree(answer.body()).get("rerun_of").isNull()).isTrue();
        WriteRequest stored = spooled().get(spooled().size() - 1);
        assertThat(stored.timestamp()).isEqualTo(1528459491.5);
        assertThat(stored.rerunOf()).isEqualTo(WriteRequest.NO_ID);
    }

    @Test
    void anOldLineWithAnUnknownFileFormatIsResubmittedAsItIsThoughNewAcquisitionsRefuseIt() throws Exception {
        String parameters = parameters(file("old-format.h5"), ",\"output_file_format\":\"hdf5\"");
        String err = "[20180608-140452] {\"data_api_request\": \"{\\\"channels\\\": [{\\\"name\\\": \\\"X\\\"}], "
                + "\\\"range\\\": {\\\"startPulseId\\\": 1, \\\"endPulseId\\\": 2}}\", \"parameters\": \""
                + parameters.replace("\"", "\\\"") + "\", \"timestamp\": 1528459491.5}";

        HttpResponse<String> answer = call("POST", "/requests", err);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(spooled().get(spooled().size() - 1).parameters()).as("spooled as it came: the writer decides")
                .contains("\"output_file_format\":\"hdf5\"");
        error(call("POST", "/parameters", parameters), "output_file_format must be one of [extended, compact]");
    }

    @Test
    void badResubmissionsAreRefusedWithTheReasonAndSpoolNothing() throws Exception {
        int before = spooled().size();
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(call("POST", "/requests", "not a line"));
        answers.add(call("POST", "/requests", "{\"data_api_request\": \"{}\", \"parameters\": \"{}\", \"timestamp\": 1}"));
        answers.add(call("POST", "/requests", "{\"data_api_request\": \"{\\\"channels\\\": [], \\\"range\\\": {}}\", "
                + "\"parameters\": \"" + parameters("/etc/passwd.h5", "").replace("\"", "\\\"") + "\", \"timestamp\": 1}"));
        answers.add(call("POST", "/requests", "{\"data_api_request\": \"{\\\"channels\\\": [], \\\"range\\\": {}}\", "
                + "\"parameters\": \"{broken\", \"timestamp\": 1}"));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(mapper.readTree(answer.body()).get("state").asText()).isEqualTo("error");
        }
        error(answers.get(1), "data_api_request must be a data-api query");
        error(answers.get(2), "outside the allowed directories");
        error(answers.get(3), "parameters does not hold valid JSON");
        assertThat(call("POST", "/requests", "x".repeat(5000)).statusCode()).isEqualTo(413);
        assertThat(spooled()).hasSize(before);
    }

    @Test
    void adminPortServesHealthAndPrometheusMetrics() throws Exception {
        acquire(parameters(file("metrics.h5"), ",\"channels\":[\"S:A\"]"), 1, 2);
        String admin = "http://127.0.0.1:" + APP.getAdminPort();

        HttpResponse<String> prometheus = http.send(HttpRequest.newBuilder(URI.create(admin + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(admin + "/healthcheck")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("sfdw_broker_requests_spooled_total",
                "sfdw_broker_spool_append_seconds_count",
                "sfdw_broker_acquisitions_total", "sfdw_broker_calls_rejected_total");
        assertThat(prometheus.body()).contains("sfdw_broker_disk_spool_free_bytes ",
                "sfdw_broker_disk_output_free_bytes ",
                "sfdw_broker_writers_connected 0");
        JsonNode checks = mapper.readTree(health.body());
        assertThat(checks.get("spool").get("healthy").asBoolean()).isTrue();
        assertThat(checks.has("forwarder")).isTrue();
        assertThat(checks.get("disk").get("healthy").asBoolean()).isTrue();
        assertThat(checks.get("disk").get("message").asText()).startsWith("spool ").contains(" GiB free");
        assertThat(checks.get("writers").get("healthy").asBoolean()).isFalse();
        assertThat(checks.get("writers").get("message").asText())
                .startsWith("no writer has been heard from in the last ");
    }

    @Test
    void theDiskCheckNamesTheDirectoryThatIsShortOfSpace() {
        Path spool = Path.of(System.getProperty("java.io.tmpdir"));
        Path notYetCreated = spool.resolve("sfdw-no-such-dir/raw");
        DiskSpaceHealthCheck enough = new DiskSpaceHealthCheck(spool, List.of(notYetCreated), 1);
        DiskSpaceHealthCheck tooLittle = new DiskSpaceHealthCheck(spool, List.of(notYetCreated), Long.MAX_VALUE);

        assertThat(enough.execute().isHealthy()).isTrue();
        assertThat(enough.leastFreeOutputBytes()).isPositive()
                .isCloseTo(DiskSpaceHealthCheck.freeBytes(spool).orElseThrow(), within(64L * 1024 * 1024));
        HealthCheck.Result result = tooLittle.execute();
        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).startsWith("low disk space: spool " + spool)
                .contains("output root " + notYetCreated).contains("(minimum ");
    }

    @Test
    void theFixturesRequestIsSpooledFieldByFieldAsTheOriginalBuiltIt() throws Exception {
        // The request that produced the recorded response, in Python notation: quotes and a comment line aside, JSON.
        String python = Files.readString(Fixtures.path("data-api/dispatching_layer_sample.request.txt"));
        JsonNode fixture = mapper.readTree(python.lines().filter(l -> !l.startsWith("//"))
                .collect(java.util.stream.Collectors.joining("\n")).replace('\'', '"'));
        List<String> channels = new ArrayList<>();
        fixture.get("channels").forEach(c -> channels.add(c.get("name").asText()));
        long start = fixture.get("range").get("startPulseId").asLong();
        long end = fixture.get("range").get("endPulseId").asLong();
        String channelList = channels.stream().map(c -> "\"" + c + "\"").reduce((a, b) -> a + "," + b).orElseThrow();

        WriteRequest request = acquire(parameters(file("fixture.h5"), ",\"channels\":[" + channelList + "]"), start, end)
                .get(0);

        JsonNode query = mapper.readTree(request.dataApiRequest());
        assertThat(query.fieldNames()).toIterable()
                .containsExactly("channels", "range", "response", "eventFields", "configFields");
        assertThat(query.get("channels")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(query.get("channels").get(i).fieldNames()).toIterable().containsExactly("name", "backend");
            assertThat(query.get("channels").get(i).get("name").asText()).isEqualTo(channels.get(i));
            assertThat(query.get("channels").get(i).get("backend").asText()).isEqualTo("sf-databuffer");
        }
        assertThat(query.get("range").fieldNames()).toIterable().containsExactly("startPulseId", "endPulseId");
        assertThat(query.get("range").get("startPulseId").isIntegralNumber()).isTrue();
        assertThat(query.get("range").get("startPulseId").asLong()).isEqualTo(5721143344L);
        assertThat(query.get("range").get("endPulseId").asLong()).isEqualTo(5721143416L);
        assertThat(query.get("response")).isEqualTo(fixture.get("response"));
        assertThat(query.get("response").fieldNames()).toIterable().containsExactly("format", "compression");
        assertThat(query.get("eventFields")).isEqualTo(fixture.get("eventFields"));
        assertThat(query.get("configFields")).isEqualTo(fixture.get("configFields"));
        assertThat(request.dataApiRequest()).as("json.dumps separators").contains("\"range\": {\"startPulseId\": ")
                .doesNotContain("\":\"");
    }

    private HttpResponse<String> task(String nameAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/tasks/"
                + nameAndQuery)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theReplayTaskRespoolsARangeThatNamesWhatItReplays() throws Exception {
        List<WriteRequest> runs = new ArrayList<>();
        runs.addAll(acquire(parameters(file("replay1.h5"), ",\"channels\":[\"R:A\"]"), 1, 2));
        runs.addAll(acquire(parameters(file("replay2.h5"), ",\"channels\":[\"R:A\"]"), 3, 4));
        long from = runs.get(0).id();
        long to = runs.get(1).id();
        int before = spooled().size();

        HttpResponse<String> replay = task("replay?from=" + from + "&to=" + to);

        assertThat(replay.statusCode()).isEqualTo(200);
        List<WriteRequest> all = spooled();
        assertThat(all).hasSize(before + 2);
        WriteRequest first = all.get(before);
        assertThat(replay.body()).startsWith("replayed 2 requests").contains(from + " -> " + first.id());
        assertThat(first.rerunOf()).isEqualTo(from);
        assertThat(first.sameContentAs(runs.get(0))).isTrue();
        assertThat(all.get(before + 1).rerunOf()).isEqualTo(to);

        HttpResponse<String> export = task("export?from=" + from + "&to=" + to);
        assertThat(export.body().lines()).hasSize(2).allMatch(l -> l.matches("\\[\\d{8}-\\d{6}] \\{.*}"));
        assertThat(AuditLine.parse(export.body().lines().findFirst().orElseThrow(), mapper).sameContentAs(runs.get(0)))
                .isTrue();
        assertThat(task("export?from=2000-01-01T00:00&to=2000-01-02").body()).isEmpty();

        assertThat(task("replay?from=abc").body()).startsWith("error: 'from' is neither a request id nor a time");
        assertThat(task("replay?from=" + to + "&to=" + from).body()).startsWith("error: range from");
        assertThat(task("replay?from=99999999").body()).startsWith("error: no spooled requests in that range");
        assertThat(spooled()).hasSize(before + 2);
    }
}
