package org.sfdw.ops;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.ops.sim.core.SimulatedChannel;
import org.sfdw.ops.sim.core.SimulatedValues;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.query.DataApiQuery;
import org.sfdw.spool.testing.H5py;
import org.sfdw.workers.core.DataFileWriter;
import org.sfdw.workers.core.ErrFileWriter;
import org.sfdw.workers.core.RetryPolicy;
import org.sfdw.workers.core.WriteRequestProcessor;
import org.sfdw.workers.core.WriteResult;
import org.sfdw.workers.core.WriterMetrics;
import org.sfdw.workers.dataapi.DataApiClient;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.layout.DataPolicy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writer (without ZMQ) against the real simulator over HTTP: every type and shape, and every fault. */
class WriterAgainstSimulatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Path simData;
    private static Services services;
    private static List<SimulatedChannel> catalog;

    @TempDir
    Path dir;

    private final MetricRegistry metrics = new MetricRegistry();

    @BeforeAll
    static void startSimulator() throws Exception {
        simData = Files.createTempDirectory("sfdw-sim-test");
        services = new Services(simData).startSim();
        JsonNode channels = new ObjectMapper(new YAMLFactory()).readTree(Services.CONFIG.toFile())
                .path("simulator").path("channels");
        catalog = new ArrayList<>();
        for (JsonNode c : channels) {
            catalog.add(MAPPER.treeToValue(c, SimulatedChannel.class));
        }
    }

    @AfterAll
    static void stopSimulator() {
        services.close();
    }

    @AfterEach
    void switchFaultsOff() throws Exception {
        services.simFault("none", 0, 0);
    }

    private WriteRequestProcessor processor(Duration requestTimeout, Duration idleTimeout, Duration budget,
                                            boolean mapping) {
        return processor(URI.create(services.queryUrl()), requestTimeout, idleTimeout, budget, mapping);
    }

    private WriteRequestProcessor processor(URI queryUrl, Duration requestTimeout, Duration idleTimeout,
                                            Duration budget, boolean mapping) {
        return processor(queryUrl, requestTimeout, idleTimeout, budget, mapping, ResponseFormat.JSON, metrics);
    }

    private WriteRequestProcessor processor(URI queryUrl, Duration requestTimeout, Duration idleTimeout,
                                            Duration budget, boolean mapping, ResponseFormat format,
                                            MetricRegistry registry) {
        return new WriteRequestProcessor(
                new DataApiClient(DataApiClient.defaultHttpClient(Duration.ofSeconds(2)), queryUrl, requestTimeout,
                        idleTimeout, MAPPER),
                new DataFileWriter(format.parser(MAPPER, java.time.ZoneId.of("Europe/Zurich"))),
                new ErrFileWriter(Clock.systemDefaultZone()), MAPPER,
                new WriteRequestProcessor.Settings(Duration.ZERO,
                        new DataPolicy(DataPolicy.NoData.ERROR, DataPolicy.IncompleteData.WRITE),
                        new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(400), budget, new SplittableRandom(7)),
                        mapping, format),
                new WriterMetrics(registry), Clock.systemDefaultZone());
    }

    private WriteRequestProcessor processor() {
        return processor(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), false);
    }

    @Test
    void aRaweventAnswerMakesTheSameFileAsTheJsonAnswerForEveryTypeAndShape() throws Exception {
        String[] names = catalog.stream().map(SimulatedChannel::name).toArray(String[]::new);
        Path json = dir.resolve("json.h5");
        Path rawevent = dir.resolve("rawevent.h5");
        assertThat(processor().process(request(json, 2000, 2099, "", names)).kind()).isEqualTo(Outcome.Kind.WRITTEN);
        WriteResult binary = processor(URI.create(services.queryUrl()), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(10), false, ResponseFormat.RAWEVENT, new MetricRegistry())
                .process(request(rawevent, 2000, 2099, "", names));
        assertThat(binary.kind()).as(binary.error()).isEqualTo(Outcome.Kind.WRITTEN);

        JsonNode fromJson = H5py.dump(json);
        JsonNode fromRawevent = H5py.dump(rawevent);
        assertThat(fromRawevent.get("datasets").size()).isEqualTo(4 + 4 * names.length);
        for (String name : names) {
            for (String dataset : List.of("data", "pulse_id", "is_data_present", "global_date")) {
                String path = "/data/" + name + "/" + dataset;
                assertThat(fromRawevent.get("datasets").get(path)).as(path)
                        .isEqualTo(fromJson.get("datasets").get(path));
            }
            assertThat(fromRawevent.get("attrs").get("/data/" + name))
                    .isEqualTo(fromJson.get("attrs").get("/data/" + name));
        }
    }

    private static WriteRequest request(Path output, long start, long end, String extra, String... channels) {
        String query = new DataApiQuery(Stream.of(channels).map(DataApiQuery.Channel::forName).toList(), start, end)
                .toJson();
        return new WriteRequest(1, System.currentTimeMillis() / 1000.0, query,
                "{\"general/created\": \"2026-11-24 10:00:00\", \"general/user\": \"p12345\", \"general/process\": "
                        + "\"test\", \"general/instrument\": \"sim\", \"output_file\": \"" + output + "\"" + extra + "}");
    }

    private static String dtype(String type) {
        return switch (type) {
            case "bool" -> "bool";
            case "int8" -> "|i1";
            case "uint8" -> "|u1";
            case "int16" -> "<i2";
            case "uint16" -> "<u2";
            case "int32" -> "<i4";
            case "uint32" -> "<u4";
            case "int64" -> "<i8";
            case "uint64" -> "<u8";
            case "float32" -> "<f4";
            case "float64" -> "<f8";
            case "string" -> "|O";
            default -> throw new AssertionError(type);
        };
    }

    /** What h5py must read for element {@code i} of pulse {@code p}, as JSON text. */
    private static String expectedValue(SimulatedChannel c, long p, int i, boolean present) {
        if (!present) {
            return switch (c.type()) {
                case "bool" -> "false";
                case "string" -> "\"0\"";
                case "float32", "float64" -> "0.0";
                default -> "0";
            };
        }
        return switch (c.type()) {
            case "bool" -> Boolean.toString(SimulatedValues.bool(c.name(), p, i));
            case "string" -> "\"" + SimulatedValues.text(c.name(), p, i) + "\"";
            case "float32" -> Double.toString((float) SimulatedValues.real("float32", c.name(), p, i));
            case "float64" -> Double.toString(SimulatedValues.real("float64", c.name(), p, i));
            case "uint64" -> new BigInteger(Long.toUnsignedString(SimulatedValues.integer("uint64", c.name(), p, i)))
                    .toString();
            default -> Long.toString(SimulatedValues.integer(c.type(), c.name(), p, i));
        };
    }

    private static void flatten(JsonNode node, List<String> into) {
        if (node.isArray()) {
            node.forEach(n -> flatten(n, into));
        } else {
            into.add(node.isFloatingPointNumber() ? Double.toString(node.doubleValue()) : node.toString());
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void everyTypeAndShapeOfTheCatalogIsWrittenWithItsValuesInBothLayouts() throws Exception {
        long start = 1000;
        long end = 1099;
        String[] names = catalog.stream().map(SimulatedChannel::name).toArray(String[]::new);
        WriteRequestProcessor processor = processor();
        for (String layout : List.of("extended", "compact")) {
            Path output = dir.resolve(layout + ".h5");
            WriteResult result = processor.process(request(output, start, end,
                    ", \"output_file_format\": \"" + layout + "\"", names));
            assertThat(result.kind()).as(result.error()).isEqualTo(Outcome.Kind.WRITTEN);

            JsonNode h5 = H5py.dump(output);
            JsonNode datasets = h5.get("datasets");
            for (SimulatedChannel c : catalog) {
                String group = "/data/" + c.name() + "/";
                List<Long> pulses = new ArrayList<>();
                for (long p = start; p <= end; p++) {
                    if (layout.equals("extended") || c.hasPulse(p)) {
                        pulses.add(p);
                    }
                }
                JsonNode data = datasets.get(group + "data");
                assertThat(data.get("dtype").asText()).as(c.name()).isEqualTo(dtype(c.type()));
                List<Integer> shape = new ArrayList<>(List.of(pulses.size()));
                for (int d = c.shape().size() - 1; d >= 0; d--) {
                    shape.add(c.shape().get(d));
                }
                assertThat(MAPPER.convertValue(data.get("shape"), List.class)).as(c.name()).isEqualTo(shape);
                assertThat(MAPPER.convertValue(datasets.get(group + "pulse_id").get("values"), Long[].class))
                        .as(c.name()).containsExactlyElementsOf(pulses);
                List<String> expected = new ArrayList<>();
                List<String> present = new ArrayList<>();
                List<String> dates = new ArrayList<>();
                for (long p : pulses) {
                    boolean has = c.hasPulse(p);
                    for (int i = 0; i < c.elementsPerEvent(); i++) {
                        expected.add(expectedValue(c, p, i, has));
                    }
                    present.add(Boolean.toString(has));
                    dates.add(has ? SimulatedValues.globalDate(p) : "0");
                }
                List<String> actual = new ArrayList<>();
                flatten(data.get("values"), actual);
                assertThat(actual).as("%s %s", layout, c.name()).isEqualTo(expected);
                List<String> actualPresent = new ArrayList<>();
                flatten(datasets.get(group + "is_data_present").get("values"), actualPresent);
                assertThat(actualPresent).as(c.name()).isEqualTo(present);
                assertThat(MAPPER.convertValue(datasets.get(group + "global_date").get("values"), String[].class))
                        .as(c.name()).containsExactlyElementsOf(dates);
            }
            ChannelReport status = report(result, "SIM:STATUS");
            assertThat(status.pulseIdStep()).isEqualTo(4);
            assertThat(status.expectedPulses()).isEqualTo(25);
            assertThat(status.complete()).isTrue();
            ChannelReport gappy = report(result, "SIM:GAPPY-F64");
            assertThat(gappy.presentPulses()).isLessThan(100).isGreaterThan(50);
            assertThat(gappy.complete()).isFalse();
            assertThat(h5.get("attrs").get("/data/SIM:GAPPY-F64").get("present_pulses").asLong())
                    .isEqualTo(gappy.presentPulses());

            // sfdw inspect reads the report back from the file's attributes.
            java.io.ByteArrayOutputStream shown = new java.io.ByteArrayOutputStream();
            new org.sfdw.ops.cli.H5FileSummary(new java.io.PrintStream(shown, true,
                    java.nio.charset.StandardCharsets.UTF_8)).print(output);
            assertThat(shown.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("completeness report (" + (catalog.size() - 1) + " of " + catalog.size()
                            + " channels complete)")
                    .contains("    INCOMPLETE " + gappy.describe() + "\n")
                    .contains("    complete   " + status.describe() + "\n");
        }
    }

    private static ChannelReport report(WriteResult result, String channel) {
        return result.report().stream().filter(r -> r.channel().equals(channel)).findFirst().orElseThrow();
    }

    @Test
    void withTheMappingSwitchTheWriterQueriesByTimeAndGetsExactlyThePulses() throws Exception {
        Path output = dir.resolve("mapped.h5");

        WriteResult result = processor(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5), true)
                .process(request(output, 5000, 5049, "", "SIM:SCALAR-F64"));

        assertThat(result.kind()).as(result.error()).isEqualTo(Outcome.Kind.WRITTEN);
        JsonNode ids = H5py.dump(output).get("datasets").get("/data/SIM:SCALAR-F64/pulse_id").get("values");
        assertThat(ids.size()).isEqualTo(50);
        assertThat(ids.get(0).asLong()).isEqualTo(5000);
        assertThat(ids.get(49).asLong()).isEqualTo(5049);
    }

    private void assertWrittenAfterRetries(WriteRequestProcessor processor, long minimumRetries) throws Exception {
        Path output = dir.resolve("run.h5");
        WriteResult result = processor.process(request(output, 2000, 2999, "", "SIM:WAVE-F32", "SIM:SCALAR-F64"));
        assertThat(result.kind()).as(result.error()).isEqualTo(Outcome.Kind.WRITTEN);
        assertThat(metrics.counter("sfdw.writer.dataapi.retries").getCount()).isGreaterThanOrEqualTo(minimumRetries);
        assertThat(files()).containsExactly(output);
        assertThat(H5py.dump(output).get("datasets").get("/data/SIM:WAVE-F32/data").get("shape").toString())
                .isEqualTo("[1000,256]");
    }

    @Test
    void serverErrorsAreRetriedUntilTheSimulatorRecovers() throws Exception {
        services.simFault("http-500", 2, 0);
        assertWrittenAfterRetries(processor(), 2);
    }

    @Test
    void aDroppedConnectionMidBodyIsRetried() throws Exception {
        services.simFault("truncate", 1, 0);
        assertWrittenAfterRetries(processor(), 1);
    }

    @Test
    void aRefusedConnectionIsTransientAndEndsInAnErrFileWhenTheBudgetIsSpent() throws Exception {
        int closedPort = org.sfdw.spool.testing.FreePort.pick();
        WriteRequestProcessor processor = processor(URI.create("http://127.0.0.1:" + closedPort + "/sf/query"),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(500), false);

        WriteResult result = processor.process(request(dir.resolve("run.h5"), 1, 10, "", "SIM:SCALAR-F64"));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.error()).contains("transient").contains("cannot connect");
        assertThat(metrics.counter("sfdw.writer.dataapi.retries").getCount()).isPositive();
        assertThat(files()).containsExactly(dir.resolve("run.h5.err"));
    }

    @Test
    void connectionsRefusedWhileTheDataApiIsDownAreRetriedUntilItIsBack() throws Exception {
        assertThat(services.simFault("refuse", 0, 1500))
                .contains("refusing connections on port(s) [" + services.simPort());
        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> probe.send(HttpRequest.newBuilder(URI.create(services.queryUrl())).build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(java.net.ConnectException.class);

        assertWrittenAfterRetries(processor(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(20),
                false), 1);
    }

    @Test
    void anAnswerSlowerThanTheRequestTimeoutIsRetried() throws Exception {
        services.simFault("delay", 1, 2000);
        assertWrittenAfterRetries(processor(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(10),
                false), 1);
    }

    @Test
    void aBodyThatStallsLongerThanTheIdleTimeoutIsRetried() throws Exception {
        services.simFault("stall", 1, 2000);
        assertWrittenAfterRetries(processor(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(10),
                false), 1);
        assertThat(H5py.dump(dir.resolve("run.h5")).get("datasets").size()).isEqualTo(4 + 2 * 4);
    }

    @Test
    void serverErrorsUntilTheBudgetEndsLeaveOnlyTheErrFile() throws Exception {
        services.simFault("http-500", 0, 0);
        Path output = dir.resolve("run.h5");

        WriteResult result = processor(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(800), false)
                .process(request(output, 3000, 3009, "", "SIM:SCALAR-F64"));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.error()).contains("transient").contains("HTTP 500");
        assertThat(files()).containsExactly(dir.resolve("run.h5.err"));
        JsonNode line = MAPPER.readTree(Files.readString(dir.resolve("run.h5.err")).substring(18));
        assertThat(line.get("parameters").asText()).contains(output.toString());
    }

    @Test
    void malformedJsonFailsAtOnceWithAnErrFile() throws Exception {
        services.simFault("malformed", 1, 0);
        Path output = dir.resolve("run.h5");

        WriteResult result = processor().process(request(output, 3000, 3009, "", "SIM:SCALAR-F64"));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.error()).startsWith("permanent").contains("not valid JSON");
        assertThat(metrics.counter("sfdw.writer.dataapi.retries").getCount()).isZero();
        assertThat(files()).containsExactly(dir.resolve("run.h5.err"));

        // The operator re-runs it once the data api is healthy again (slow for a while): sfdw write FILE.err.
        services.simFault("delay", 1, 4000);
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();
        int exit = new org.sfdw.ops.cli.WriteCommand(new java.io.PrintStream(printed, true),
                new java.io.PrintStream(progress, true)).run(org.sfdw.ops.cli.CommandLine.options("write",
                dir.resolve("run.h5.err").toString(), "--data-api", services.queryUrl()));

        assertThat(exit).as(printed.toString()).isZero();
        assertThat(printed.toString()).contains("wrote " + output)
                .contains("complete   SIM:SCALAR-F64: 10 of 10 pulses (3000..3009)")
                .contains("removed " + dir.resolve("run.h5.err") + ": its request is written now");
        assertThat(progress.toString()).as("a long download says it is alive")
                .containsPattern("sfdw write: .*run.h5.err:1: [0-9.]+ MB received, [0-9.]+ MB/s");
        assertThat(files()).containsExactly(output);
        assertThat(H5py.dump(output).get("datasets").get("/data/SIM:SCALAR-F64/pulse_id").get("values").size())
                .isEqualTo(10);
    }
}
