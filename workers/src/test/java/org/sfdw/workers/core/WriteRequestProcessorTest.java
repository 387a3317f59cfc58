package org.sfdw.workers.core;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.query.DataApiQuery;
import org.sfdw.spool.testing.Fixtures;
import org.sfdw.spool.testing.H5py;
import org.sfdw.spool.testing.SmallDisk;
import org.sfdw.workers.dataapi.DataApiClient;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.layout.DataPolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class WriteRequestProcessorTest {

    private static final List<String> FIXTURE_CHANNELS = List.of("SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-CALIBRATED",
            "SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-MAX", "SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-MIN", "SCALAR_MISSING_DATA",
            "ARRAY_MISSING_DATA", "SCALAR_NO_DATA", "ARRAY_NO_DATA");
    private static final String WRITE_EMPTY = ", \"no_data\": \"missing\"";

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordedDataApi dataApi = new RecordedDataApi();
    private final MetricRegistry metrics = new MetricRegistry();
    private final WriteRequestProcessor processor = processor(ResponseFormat.JSON, metrics);

    private WriteRequestProcessor processor(ResponseFormat format, MetricRegistry registry) {
        return new WriteRequestProcessor(
                new DataApiClient(DataApiClient.defaultHttpClient(Duration.ofSeconds(5)), dataApi.queryUrl(),
                        Duration.ofSeconds(30), Duration.ofSeconds(30), mapper),
                new DataFileWriter(format.parser(mapper, ZoneId.of("Europe/Zurich"))),
                new ErrFileWriter(Clock.systemDefaultZone()), mapper,
                new WriteRequestProcessor.Settings(Duration.ZERO,
                        new DataPolicy(DataPolicy.NoData.ERROR, DataPolicy.IncompleteData.WRITE),
                        new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofMillis(2000),
                                new SplittableRandom(1)), false, format),
                new WriterMetrics(registry), Clock.systemDefaultZone());
    }

    @AfterEach
    void stopDataApi() {
        dataApi.close();
    }

    private WriteRequest request(Path output, String extraParameters) {
        String query = new DataApiQuery(FIXTURE_CHANNELS.stream().map(DataApiQuery.Channel::forName).toList(),
                5721143344L, 5721143416L).toJson();
        String parameters = "{\"general/created\": \"2018-06-08 14:04:00\", \"general/user\": \"p12345\", "
                + "\"general/process\": \"test_process\", \"general/instrument\": \"alvra\", \"output_file\": \""
                + output + "\"" + extraParameters + "}";
        return new WriteRequest(9, 1528459491.5, query, parameters);
    }

    private JsonNode fixture() throws IOException {
        return mapper.readTree(Fixtures.path("data-api/dispatching_layer_sample.json").toFile());
    }

    private static JsonNode channel(JsonNode fixture, String name) {
        for (JsonNode c : fixture) {
            if (c.path("channel").path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("fixture has no channel " + name);
    }

    /** An event's value as h5py reads a float32 row: parsed as double, narrowed to float, printed back as double. */
    private static List<Double> row(JsonNode value) {
        List<Double> row = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> row.add((double) (float) v.doubleValue()));
        } else {
            row.add((double) (float) value.doubleValue());
        }
        return row;
    }

    private static List<Double> zeros(int n) {
        List<Double> row = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            row.add(0.0);
        }
        return row;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void theRealFixtureReadsInH5pyAsTheOriginalsFileInTheExtendedLayout() throws Exception {
        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));
        Path output = dir.resolve("new-dir/run_000001.BSREAD.h5");

        WriteResult result = processor.process(request(output, WRITE_EMPTY));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.WRITTEN);
        assertThat(result.outputFile()).isEqualTo(output);
        assertThat(dataApi.lastQuery()).isEqualTo(request(output, "").dataApiRequest());
        try (Stream<Path> files = Files.list(output.getParent())) {
            assertThat(files).containsExactly(output);
        }
        JsonNode fixture = fixture();
        TreeSet<Long> union = new TreeSet<>();
        fixture.forEach(c -> c.get("data").forEach(e -> union.add(e.get("pulseId").asLong())));
        List<Long> allPulses = new ArrayList<>(union);
        assertThat(allPulses).hasSize(19);

        JsonNode h5 = H5py.dump(output);
        JsonNode datasets = h5.get("datasets");
        assertThat(datasets.size()).isEqualTo(4 + 4 * FIXTURE_CHANNELS.size());
        assertThat(datasets.has("/__DATA_TYPES__")).isFalse();
        for (String[] general : new String[][]{{"created", "2018-06-08 14:04:00"}, {"user", "p12345"},
                {"process", "test_process"}, {"instrument", "alvra"}}) {
            JsonNode d = datasets.get("/general/" + general[0]);
            assertThat(d.get("dtype").asText()).isEqualTo("|S" + general[1].length());
            assertThat(d.get("encoding").asText()).as("numpy.string_ is ASCII").isEqualTo("ascii");
            assertThat(d.get("shape")).isEmpty();
            assertThat(d.get("values").asText()).isEqualTo(general[1]);
        }
        for (String name : FIXTURE_CHANNELS) {
            String group = "/data/" + name + "/";
            JsonNode expected = channel(fixture, name);
            int width = expected.get("configs").get(0).get("shape").get(0).asInt();
            JsonNode data = datasets.get(group + "data");
            assertThat(data.get("dtype").asText()).isEqualTo("<f4");
            assertThat(mapper.convertValue(data.get("shape"), List.class)).containsExactly(19, width);
            assertThat(datasets.get(group + "pulse_id").get("dtype").asText()).isEqualTo("<i8");
            assertThat(mapper.convertValue(datasets.get(group + "pulse_id").get("values"), Long[].class))
                    .containsExactlyElementsOf(allPulses);
            assertThat(datasets.get(group + "is_data_present").get("dtype").asText()).isEqualTo("bool");
            assertThat(datasets.get(group + "global_date").get("dtype").asText()).isEqualTo("|O");
            assertThat(datasets.get(group + "global_date").get("encoding").asText()).isEqualTo("utf-8");
            int seen = 0;
            for (int r = 0; r < 19; r++) {
                JsonNode event = null;
                for (JsonNode e : expected.get("data")) {
                    if (e.get("pulseId").asLong() == allPulses.get(r)) {
                        event = e;
                    }
                }
                JsonNode rowValues = data.get("values").get(r);
                List<Double> actual = mapper.convertValue(rowValues, mapper.getTypeFactory()
                        .constructCollectionType(List.class, Double.class));
                boolean present = datasets.get(group + "is_data_present").get("values").get(r).asBoolean();
                String date = datasets.get(group + "global_date").get("values").get(r).asText();
                if (event == null) {
                    assertThat(present).isFalse();
                    assertThat(date).isEqualTo("0");
                    assertThat(actual).isEqualTo(zeros(width));
                } else {
                    seen++;
                    assertThat(present).isTrue();
                    assertThat(date).isEqualTo(event.get("globalDate").asText());
                    assertThat(actual).as("%s pulse %d", name, allPulses.get(r)).isEqualTo(row(event.get("value")));
                }
            }
            assertThat(seen).isEqualTo(expected.get("data").size());
        }

        JsonNode calibrated = h5.get("attrs").get("/data/SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-CALIBRATED");
        assertThat(calibrated.get("expected_pulses").asLong()).isEqualTo(19);
        assertThat(calibrated.get("present_pulses").asLong()).isEqualTo(19);
        assertThat(calibrated.get("pulse_id_step").asLong()).isEqualTo(4);
        assertThat(calibrated.get("first_pulse_id").asLong()).isEqualTo(5721143344L);
        assertThat(calibrated.get("last_pulse_id").asLong()).isEqualTo(5721143416L);
        ChannelReport missing = result.report().stream().filter(r -> r.channel().equals("SCALAR_MISSING_DATA"))
                .findFirst().orElseThrow();
        // Pulses 5721143360 and ...380: step 20, so 360, 380 and 400 were due in the range.
        assertThat(missing).isEqualTo(new ChannelReport("SCALAR_MISSING_DATA", 3, 2, 5721143360L, 5721143380L, 20,
                0, 0, 0));
        assertThat(missing.complete()).isFalse();
        assertThat(result.report()).hasSize(7).filteredOn(ChannelReport::complete).hasSize(3);
        assertThat(metrics.counter("sfdw.writer.download.bytes").getCount())
                .isEqualTo(Fixtures.bytes("data-api/dispatching_layer_sample.json").length);
        assertThat(metrics.timer("sfdw.writer.download.seconds").getCount()).isEqualTo(1);
        assertThat(metrics.timer("sfdw.writer.write.seconds").getCount()).isEqualTo(1);
    }

    @Test
    void theRecordedRaweventSampleIsAskedForAndWrittenWithItsTypeValuesPulsesAndTimes() throws Exception {
        dataApi.answer(200, Fixtures.bytes("data-api/rawevent_out.bin"));
        Path output = dir.resolve("rawevent.h5");
        String channel = "SINEG01-RCIR-PUP10:SIG-AMPLT-MAX";
        String query = new DataApiQuery(List.of(DataApiQuery.Channel.forName(channel)), 4754510140L, 4754516130L)
                .toJson();
        WriteRequest request = new WriteRequest(3, 1518789316.9, query, "{\"general/created\": \"c\", "
                + "\"general/user\": \"u\", \"general/process\": \"p\", \"general/instrument\": \"i\", "
                + "\"output_file\": \"" + output + "\"}");

        WriteResult result = processor(ResponseFormat.RAWEVENT, new MetricRegistry()).process(request);

        assertThat(result.kind()).as(result.error()).isEqualTo(Outcome.Kind.WRITTEN);
        assertThat(mapper.readTree(dataApi.lastQuery()).get("response").get("format").asText()).isEqualTo("rawevent");
        JsonNode datasets = H5py.dump(output).get("datasets");
        String group = "/data/" + channel + "/";
        assertThat(datasets.get(group + "data").get("dtype").asText()).isEqualTo("<u4");
        assertThat(mapper.convertValue(datasets.get(group + "data").get("shape"), List.class)).containsExactly(600, 1);
        assertThat(datasets.get(group + "data").get("values").get(0).get(0).asLong()).isEqualTo(1583);
        Long[] pulses = mapper.convertValue(datasets.get(group + "pulse_id").get("values"), Long[].class);
        assertThat(pulses).hasSize(600).startsWith(4754510140L).endsWith(4754516130L);
        assertThat(datasets.get(group + "global_date").get("values").get(0).asText())
                .isEqualTo("2018-02-16T14:55:16.929510140+01:00");
        ChannelReport report = result.report().get(0);
        assertThat(report.expectedPulses()).isEqualTo(600);
        assertThat(report.pulseIdStep()).isEqualTo(10);
        assertThat(report.complete()).isTrue();
    }

    @Test
    void aCutRaweventBodyIsRetriedAndGarbageFailsAtOnce() throws Exception {
        byte[] whole = Fixtures.bytes("data-api/rawevent_out.bin");
        WriteRequestProcessor rawevent = processor(ResponseFormat.RAWEVENT, new MetricRegistry());
        dataApi.answer(200, whole).once(200, java.util.Arrays.copyOf(whole, 1000));
        String query = new DataApiQuery(List.of(DataApiQuery.Channel.forName("SINEG01-RCIR-PUP10:SIG-AMPLT-MAX")),
                4754510140L, 4754516130L).toJson();
        String parameters = "{\"general/created\": \"c\", \"general/user\": \"u\", \"general/process\": \"p\", "
                + "\"general/instrument\": \"i\", \"output_file\": \"" + dir.resolve("cut.h5") + "\"}";

        assertThat(rawevent.process(new WriteRequest(4, 1.0, query, parameters)).kind())
                .isEqualTo(Outcome.Kind.WRITTEN);
        assertThat(dataApi.queries()).isEqualTo(2);

        dataApi.answer(200, "[{\"channel\": {\"name\": \"x\"}}]".getBytes(StandardCharsets.UTF_8));
        WriteResult garbage = rawevent.process(new WriteRequest(5, 1.0, query, parameters.replace("cut.h5", "bad.h5")));
        assertThat(garbage.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(garbage.error()).startsWith("permanent").contains("not valid rawevent");
        assertThat(dataApi.queries()).isEqualTo(3);
    }

    @Test
    void compactLayoutKeepsOnlyEachChannelsOwnPulses() throws Exception {
        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));
        Path output = dir.resolve("compact.h5");

        assertThat(processor.process(request(output, ", \"output_file_format\": \"compact\"" + WRITE_EMPTY)).kind())
                .isEqualTo(Outcome.Kind.WRITTEN);

        JsonNode datasets = H5py.dump(output).get("datasets");
        assertThat(datasets.get("/data/SCALAR_MISSING_DATA/pulse_id").get("values").toString())
                .isEqualTo("[5721143360,5721143380]");
        assertThat(datasets.get("/data/ARRAY_MISSING_DATA/data").get("shape").toString()).isEqualTo("[3,2]");
        assertThat(datasets.get("/data/ARRAY_MISSING_DATA/data").get("values").get(0).toString()).isEqualTo("[-1.0,-2.0]");
        assertThat(datasets.get("/data/ARRAY_NO_DATA/data").get("shape").toString()).isEqualTo("[0,2]");
        assertThat(datasets.get("/data/ARRAY_MISSING_DATA/is_data_present").get("values").toString())
                .isEqualTo("[true,true,true]");
        assertThat(datasets.get("/data/SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-MAX/data").get("shape").toString())
                .isEqualTo("[19,1]");
    }

    @Test
    void aChannelWithoutDataFailsTheRequestByDefaultAsTheOriginalDid() throws Exception {
        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));
        Path output = dir.resolve("run.h5");

        WriteResult result = processor.process(request(output, ""));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.error()).contains("permanent").contains("SCALAR_NO_DATA").contains("ARRAY_NO_DATA");
        assertThat(files()).containsExactly(dir.resolve("run.h5.err"));
        assertThat(dataApi.queries()).isEqualTo(1);
    }

    @Test
    void incompleteDataCanBeMadeAFailureByTheRequest() throws Exception {
        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));

        WriteResult result = processor.process(request(dir.resolve("run.h5"),
                WRITE_EMPTY + ", \"incomplete_data\": \"error\""));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.error()).contains("incomplete").contains("SCALAR_MISSING_DATA: 2 of 3 pulses");
        assertThat(files()).containsExactly(dir.resolve("run.h5.err"));
    }

    @Test
    void pulsesOutOfOrderAndDuplicatesLandOnTheirRowsTheLastDuplicateWinning() throws Exception {
        String response = "[{\"channel\": {\"name\": \"A\"}, \"configs\": [{\"type\": \"int32\", \"shape\": [2]}],"
                + " \"data\": [" + event(103, "[30, 31]") + ", " + event(101, "[10, 11]") + ", " + event(102, "[20, 21]")
                + ", " + event(102, "[22, 23]") + "]},"
                + " {\"channel\": {\"name\": \"B\"}, \"configs\": [{\"type\": \"string\", \"shape\": [1]}],"
                + " \"data\": [" + event(101, "\"x\"") + ", " + event(104, "\"y\"") + "]}]";
        dataApi.answer(200, response.getBytes(StandardCharsets.UTF_8));
        Path output = dir.resolve("order.h5");
        WriteRequest request = new WriteRequest(3, 0, "{\"range\": {\"startPulseId\": 101, \"endPulseId\": 104}}",
                request(output, "").parameters());

        WriteResult result = processor.process(request);

        assertThat(result.kind()).as(result.error()).isEqualTo(Outcome.Kind.WRITTEN);
        JsonNode datasets = H5py.dump(output).get("datasets");
        assertThat(datasets.get("/data/A/data").get("values").toString()).isEqualTo("[[10,11],[22,23],[30,31],[0,0]]");
        assertThat(datasets.get("/data/A/pulse_id").get("values").toString()).isEqualTo("[101,102,103,104]");
        assertThat(datasets.get("/data/A/is_data_present").get("values").toString())
                .isEqualTo("[true,true,true,false]");
        assertThat(datasets.get("/data/A/global_date").get("values").toString())
                .isEqualTo("[\"d101\",\"d102\",\"d103\",\"0\"]");
        assertThat(datasets.get("/data/B/data").get("values").toString()).isEqualTo("[[\"x\"],[\"0\"],[\"0\"],[\"y\"]]");
        assertThat(result.report().get(0)).isEqualTo(new ChannelReport("A", 4, 3, 101, 103, 1, 1, 1, 0));
        assertThat(datasets.fieldNames()).toIterable().noneMatch(name -> name.contains("sfdw"));
    }

    private static String event(long pulse, String value) {
        return "{\"pulseId\": " + pulse + ", \"globalDate\": \"d" + pulse + "\", \"value\": " + value + "}";
    }

    @Test
    void aServerErrorIsRetriedAndTheFileWrittenWhenTheDataApiRecovers() throws Exception {
        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"))
                .once(503, "{\"status\": 503}".getBytes(StandardCharsets.UTF_8));
        Path output = dir.resolve("run.h5");

        assertThat(processor.process(request(output, WRITE_EMPTY)).kind()).isEqualTo(Outcome.Kind.WRITTEN);

        assertThat(dataApi.queries()).isEqualTo(2);
        assertThat(metrics.counter("sfdw.writer.dataapi.retries").getCount()).isEqualTo(1);
        assertThat(files()).containsExactly(output);
    }

    @Test
    void serverErrorsUntilTheBudgetEndsLeaveAnErrFileInTheOriginalFormatAndNoPartialFile() throws Exception {
        dataApi.answer(500, "{\"status\": 500, \"error\": \"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        Path output = dir.resolve("run.h5");
        WriteRequest request = request(output, "");

        WriteResult result = processor.process(request);

        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.errFile()).isEqualTo(dir.resolve("run.h5.err"));
        assertThat(result.error()).contains("transient").contains("gave up after").contains("HTTP 500");
        assertThat(dataApi.queries()).isGreaterThan(2);
        assertThat(files()).containsExactly(dir.resolve("run.h5.err"));
        String err = Files.readString(dir.resolve("run.h5.err"));
        assertThat(err).matches("\\[\\d{8}-\\d{6}] \\{.*\\}").doesNotEndWith("\n");
        JsonNode line = mapper.readTree(err.substring(18));
        assertThat(line.get("data_api_request").asText()).isEqualTo(request.dataApiRequest());
        assertThat(line.get("parameters").asText()).isEqualTo(request.parameters());
        assertThat(line.get("timestamp").asDouble()).isEqualTo(1528459491.5);
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedIsTriedAgainWithinTheBudgetThenFailsSayingWhy() throws Exception {
        // A regular file where the directory should be: even root cannot create it (permissions would not stop root).
        Path blocker = Files.writeString(dir.resolve("raw"), "not a directory");
        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));

        WriteResult result = processor.process(request(blocker.resolve("run.h5"), WRITE_EMPTY));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.error()).contains("transient failure, gave up after")
                .contains("cannot create the directory of " + blocker.resolve("run.h5"))
                .contains("the .err file could not be written");
        assertThat(result.errFile()).isNull();
        assertThat(dataApi.queries()).as("no data is fetched for a file that cannot be made").isZero();
        assertThat(metrics.counter("sfdw.writer.dataapi.retries").getCount()).isPositive();
        assertThat(files()).containsExactly(blocker);
    }

    @Test
    void aReadOnlyOutputDirectoryIsTriedAgainAndTheFileWrittenOnceItIsWritable() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("ro"), 8)) {
            Path output = Files.createDirectories(disk.root().resolve("raw")).resolve("run.h5");
            assertThat(run("mount", "-o", "remount,ro", disk.root().toString())).isZero();
            dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));
            Thread writable = new Thread(() -> {
                try {
                    Thread.sleep(400);   // the fault lasts this long
                    run("mount", "-o", "remount,rw", disk.root().toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writable.start();

            WriteResult result = processor.process(request(output, WRITE_EMPTY));
            writable.join();

            assertThat(result.kind()).as(String.valueOf(result.error())).isEqualTo(Outcome.Kind.WRITTEN);
            assertThat(H5py.dump(output).get("datasets").size()).isPositive();
            assertThat(metrics.counter("sfdw.writer.dataapi.retries").getCount()).isPositive();
            try (Stream<Path> left = Files.list(output.getParent())) {
                assertThat(left).containsExactly(output);
            }
        }
    }

    @Test
    void aDiskTooFullForTheErrFileLeavesNoEmptyErrFileAndSaysSo() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("full"), 4)) {
            Path output = Files.createDirectories(disk.root().resolve("raw")).resolve("run.h5");
            disk.fill(0);
            dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));

            WriteResult result = processor.process(request(output, WRITE_EMPTY));

            assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
            assertThat(result.errFile()).isNull();
            assertThat(result.error()).contains("transient failure, gave up after").contains("output: ")
                    .contains("the .err file could not be written");
            try (Stream<Path> left = Files.list(output.getParent())) {
                assertThat(left).as("no empty .err, no partial file, no temporary file").isEmpty();
            }
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    @Test
    void aDiskThatFillsUpWhileWritingLeavesNoPartialFileAndAnErrFile() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.waitFor() == 0,
                "a 4 MiB tmpfs needs root (mount); this machine cannot make a full disk");
        try {
            StringBuilder answer = new StringBuilder("[{\"channel\": {\"name\": \"BIG\"}, \"configs\": "
                    + "[{\"type\": \"float64\", \"shape\": [1]}], \"data\": [");
            for (int p = 0; p < 200_000; p++) {
                answer.append(p == 0 ? "" : ",").append("{\"pulseId\": ").append(1_000_000 + p)
                        .append(", \"globalDate\": \"2018-06-08T14:04:51.551143344+02:00\", \"value\": ")
                        .append(p * 0.5).append('}');
            }
            dataApi.answer(200, answer.append("]}]").toString().getBytes(StandardCharsets.UTF_8));
            String query = new DataApiQuery(List.of(DataApiQuery.Channel.forName("BIG")), 1_000_000, 1_199_999)
                    .toJson();
            Path output = small.resolve("run.h5");

            WriteResult result = processor.process(new WriteRequest(6, 1.0, query, "{\"general/created\": \"c\", "
                    + "\"general/user\": \"u\", \"general/process\": \"p\", \"general/instrument\": \"i\", "
                    + "\"output_file\": \"" + output + "\"}"));

            assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
            assertThat(result.error()).contains("its disk is full");
            try (Stream<Path> left = Files.list(small)) {
                assertThat(left).as("no partial file, no temporary file: only the .err")
                        .containsExactly(small.resolve("run.h5.err"));
            }
            assertThat(result.errFile()).isEqualTo(small.resolve("run.h5.err"));
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void aChannelMissingFromTheAnswerIsLeftOutOfTheFileAsTheOriginalDidAndReportedAbsent() throws Exception {
        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));
        Path output = dir.resolve("missing.h5");
        List<DataApiQuery.Channel> channels = new ArrayList<>(FIXTURE_CHANNELS.stream()
                .map(DataApiQuery.Channel::forName).toList());
        channels.add(DataApiQuery.Channel.forName("NOT:IN:THE:ANSWER"));
        String query = new DataApiQuery(channels, 5721143344L, 5721143416L).toJson();
        WriteRequest request = new WriteRequest(8, 1528459491.5, query, "{\"general/created\": \"c\", "
                + "\"general/user\": \"u\", \"general/process\": \"p\", \"general/instrument\": \"i\", "
                + "\"output_file\": \"" + output + "\", \"no_data\": \"missing\"}");

        WriteResult result = processor.process(request);

        assertThat(result.kind()).as(result.error()).isEqualTo(Outcome.Kind.WRITTEN);
        assertThat(result.report()).extracting(ChannelReport::channel).hasSize(FIXTURE_CHANNELS.size() + 1)
                .endsWith("NOT:IN:THE:ANSWER");
        ChannelReport absent = result.report().get(FIXTURE_CHANNELS.size());
        assertThat(absent).isEqualTo(ChannelReport.absent("NOT:IN:THE:ANSWER", 5721143416L - 5721143344L + 1));
        assertThat(absent.complete()).isFalse();
        assertThat(absent.describe()).isEqualTo("NOT:IN:THE:ANSWER: absent from the data api's answer (0 of 73 "
                + "pulses)");
        JsonNode file = H5py.dump(output);
        assertThat(file.get("datasets").fieldNames()).toIterable().noneMatch(name -> name.contains("NOT:IN"))
                .as("the file as the original's: no datasets for it");
        assertThat(file.get("attrs").has("/data/NOT:IN:THE:ANSWER")).isFalse();

        Files.delete(output);
        WriteResult strict = processor.process(new WriteRequest(8, 1528459491.5, query, request.parameters()
                .replace("}", ", \"incomplete_data\": \"error\"}")));
        assertThat(strict.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(strict.error()).contains("NOT:IN:THE:ANSWER: absent from the data api's answer");
    }

    @Test
    void anUnknownFileFormatIsWrittenExtendedAsTheOriginalDidAndSaysSo() throws Exception {
        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));
        Path output = dir.resolve("old-format.h5");

        WriteResult result = processor.process(request(output, ", \"output_file_format\": \"hdf5\"" + WRITE_EMPTY));

        assertThat(result.kind()).as(result.error()).isEqualTo(Outcome.Kind.WRITTEN);
        assertThat(result.error()).as("the note in the outcome").isEqualTo("output_file_format 'hdf5' is neither "
                + "'extended' nor 'compact': written in the extended layout, as the original did");
        JsonNode datasets = H5py.dump(output).get("datasets");
        assertThat(datasets.get("/data/SCALAR_MISSING_DATA/pulse_id").get("shape").get(0).asInt())
                .as("extended: a row for every pulse of any channel").isEqualTo(19);
    }

    @Test
    void aSuccessfulReRunRemovesTheErrFileOfTheFailedAttempt() throws Exception {
        Path output = dir.resolve("run.h5");
        WriteRequest request = request(output, WRITE_EMPTY);
        dataApi.answer(404, "{\"error\": \"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(processor.process(request).kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(files()).containsExactly(dir.resolve("run.h5.err"));

        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));
        assertThat(processor.process(request).kind()).isEqualTo(Outcome.Kind.WRITTEN);

        assertThat(files()).containsExactly(output);
    }

    @Test
    void aTruncatedBodyIsRetriedAndLeavesNoTemporaryFile() throws Exception {
        byte[] whole = Fixtures.bytes("data-api/dispatching_layer_sample.json");
        dataApi.answer(200, whole).once(200, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThat(processor.process(request(dir.resolve("cut.h5"), WRITE_EMPTY)).kind())
                .isEqualTo(Outcome.Kind.WRITTEN);

        assertThat(dataApi.queries()).isEqualTo(2);
        assertThat(files()).containsExactly(dir.resolve("cut.h5"));
    }

    @Test
    void permanentFailuresAreNotRetried() throws Exception {
        for (String[] answer : new String[][]{{"400", "{\"status\": 400, \"message\": \"bad query\"}", "HTTP 400"},
                {"200", "[{\"channel\": {\"name\": \"A\"}, \"configs\": [{\"type\": \"float32\"}], \"data\": [{]}]",
                        "not valid JSON"},
                {"200", "{\"status\": 500, \"error\": \"boom\"}", "Server returned error"},
                {"200", "{\"detail\": 1}", "Server returned a dict"},
                {"200", "[]", "empty"},
                {"200", "[{\"channel\": {\"name\": \"A\"}, \"configs\": [{\"type\": \"complex\"}], \"data\": []}]",
                        "unknown channel type 'complex'"},
                {"200", "[{\"channel\": {\"name\": \"A\"}, \"configs\": [{\"type\": \"int8\", \"shape\": [2]}],"
                        + " \"data\": [{\"pulseId\": 1, \"value\": [1]}]}]", "needs 2"},
                {"200", "[{\"channel\": {\"name\": \"A\"}, \"configs\": [{\"type\": \"int8\"}],"
                        + " \"data\": [{\"pulseId\": 1, \"value\": {\"a\": 1}}]}]", "JSON type START_OBJECT"}}) {
            dataApi.answer(Integer.parseInt(answer[0]), answer[1].getBytes(StandardCharsets.UTF_8));
            int before = dataApi.queries();
            Path output = dir.resolve("bad.h5");

            WriteResult result = processor.process(request(output, WRITE_EMPTY));

            assertThat(result.kind()).as(answer[1]).isEqualTo(Outcome.Kind.FAILED);
            assertThat(result.error()).as(answer[1]).startsWith("permanent").contains(answer[2]);
            assertThat(dataApi.queries() - before).as(answer[1]).isEqualTo(1);
            assertThat(files()).as(answer[1]).containsExactly(dir.resolve("bad.h5.err"));
            Files.delete(dir.resolve("bad.h5.err"));
        }
    }

    @Test
    void devNullIsSkippedWithoutAskingTheDataApi() throws Exception {
        WriteRequest request = new WriteRequest(1, 0, "{}", "{\"output_file\": \"/dev/null\", \"general/created\": \"c\", "
                + "\"general/user\": \"u\", \"general/process\": \"p\", \"general/instrument\": \"i\"}");

        assertThat(processor.process(request).kind()).isEqualTo(Outcome.Kind.SKIPPED);
        assertThat(dataApi.lastQuery()).isNull();
    }
}
