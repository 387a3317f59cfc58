package org.sfdw.workers.core;

import ch.systemsx.cisd.base.mdarray.MDFloatArray;
import ch.systemsx.cisd.hdf5.HDF5Factory;
import ch.systemsx.cisd.hdf5.IHDF5Reader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.query.DataApiQuery;
import org.sfdw.spool.testing.Fixtures;
import org.sfdw.spool.testing.H5py;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class WriteRequestProcessorTest {

    private static final List<String> FIXTURE_CHANNELS = List.of("SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-CALIBRATED",
            "SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-MAX", "SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-MIN", "SCALAR_MISSING_DATA",
            "ARRAY_MISSING_DATA", "SCALAR_NO_DATA", "ARRAY_NO_DATA");

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordedDataApi dataApi = new RecordedDataApi();
    private final WriteRequestProcessor processor = new WriteRequestProcessor(
            new DataApiClient(DataApiClient.defaultHttpClient(Duration.ofSeconds(5)), dataApi.queryUrl(),
                    Duration.ofSeconds(30)),
            new DataApiResponseReader(), new H5FileWriter(), new ErrFileWriter(Clock.systemDefaultZone()), mapper,
            Duration.ZERO, Clock.systemDefaultZone());

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

    /** The expected float32 values of one event, as the original converted them: parsed as double, narrowed. */
    private static float[] values(JsonNode event) {
        JsonNode value = event.get("value");
        float[] out = new float[value.isArray() ? value.size() : 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (value.isArray() ? value.get(i) : value).doubleValue();
        }
        return out;
    }

    @Test
    void writesTheRealFixtureWithEveryDatasetOfTheExtendedLayout() throws Exception {
        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));
        Path output = dir.resolve("new-dir/run_000001.BSREAD.h5");

        assertThat(processor.process(request(output, ""))).isEqualTo(WriteResult.written(output));

        assertThat(dataApi.lastQuery()).isEqualTo(request(output, "").dataApiRequest());
        try (Stream<Path> files = Files.list(output.getParent())) {
            assertThat(files).containsExactly(output);
        }
        JsonNode fixture = fixture();
        TreeSet<Long> union = new TreeSet<>();
        fixture.forEach(c -> c.get("data").forEach(e -> union.add(e.get("pulseId").asLong())));
        long[] allPulses = union.stream().mapToLong(Long::longValue).toArray();
        assertThat(allPulses).hasSize(19);

        try (IHDF5Reader reader = HDF5Factory.openForReading(output.toFile())) {
            assertThat(reader.string().read("/general/created")).isEqualTo("2018-06-08 14:04:00");
            assertThat(reader.string().read("/general/user")).isEqualTo("p12345");
            assertThat(reader.string().read("/general/process")).isEqualTo("test_process");
            assertThat(reader.string().read("/general/instrument")).isEqualTo("alvra");
            assertThat(reader.object().exists("/__DATA_TYPES__")).isFalse();
            assertThat(reader.object().getAllGroupMembers("/data")).containsExactlyInAnyOrderElementsOf(FIXTURE_CHANNELS);

            for (String name : FIXTURE_CHANNELS) {
                String group = "/data/" + name + "/";
                JsonNode expected = channel(fixture, name);
                int width = expected.get("configs").get(0).get("shape").get(0).asInt();
                assertThat(reader.int64().readArray(group + "pulse_id")).as(name).containsExactly(allPulses);

                MDFloatArray data = reader.float32().readMDArray(group + "data");
                assertThat(data.dimensions()).as(name).containsExactly(19, width);
                String[] dates = reader.string().readArray(group + "global_date");
                // jHDF5 cannot name the bool enum type once /__DATA_TYPES__ is gone; its raw bytes are 0 or 1.
                byte[] present = reader.opaque().readArray(group + "is_data_present");
                float[] flat = data.getAsFlatArray();
                int seen = 0;
                for (int row = 0; row < 19; row++) {
                    JsonNode event = null;
                    for (JsonNode e : expected.get("data")) {
                        if (e.get("pulseId").asLong() == allPulses[row]) {
                            event = e;
                        }
                    }
                    float[] rowValues = java.util.Arrays.copyOfRange(flat, row * width, (row + 1) * width);
                    if (event == null) {
                        assertThat(present[row]).isEqualTo((byte) 0);
                        assertThat(dates[row]).isEqualTo("0");
                        assertThat(rowValues).containsOnly(0f);
                    } else {
                        seen++;
                        assertThat(present[row]).isEqualTo((byte) 1);
                        assertThat(dates[row]).isEqualTo(event.get("globalDate").asText());
                        assertThat(rowValues).as("%s pulse %d", name, allPulses[row]).containsExactly(values(event));
                    }
                }
                assertThat(seen).isEqualTo(expected.get("data").size());
            }
        }

        Map<String, H5py.Dataset> h5 = H5py.datasets(output);
        assertThat(h5.get("/general/created")).isEqualTo(new H5py.Dataset("|S19", List.of()));
        assertThat(h5.get("/general/instrument")).isEqualTo(new H5py.Dataset("|S5", List.of()));
        String calibrated = "/data/SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-CALIBRATED/";
        assertThat(h5.get(calibrated + "data")).isEqualTo(new H5py.Dataset("<f4", List.of(19, 1024)));
        assertThat(h5.get(calibrated + "pulse_id")).isEqualTo(new H5py.Dataset("<i8", List.of(19)));
        assertThat(h5.get(calibrated + "is_data_present")).isEqualTo(new H5py.Dataset("bool", List.of(19)));
        assertThat(h5.get(calibrated + "global_date")).isEqualTo(new H5py.Dataset("vlen-str", List.of(19)));
        assertThat(h5.get("/data/SCALAR_NO_DATA/data")).isEqualTo(new H5py.Dataset("<f4", List.of(19, 1)));
        assertThat(h5).hasSize(4 + 4 * FIXTURE_CHANNELS.size());
    }

    @Test
    void compactLayoutKeepsOnlyEachChannelsOwnPulses() throws Exception {
        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));
        Path output = dir.resolve("compact.h5");

        assertThat(processor.process(request(output, ", \"output_file_format\": \"compact\"")).kind())
                .isEqualTo(Outcome.Kind.WRITTEN);

        try (IHDF5Reader reader = HDF5Factory.openForReading(output.toFile())) {
            assertThat(reader.int64().readArray("/data/SCALAR_MISSING_DATA/pulse_id"))
                    .containsExactly(5721143360L, 5721143380L);
            assertThat(reader.float32().readMDArray("/data/ARRAY_MISSING_DATA/data").dimensions()).containsExactly(3, 2);
            assertThat(reader.float32().readMDArray("/data/ARRAY_NO_DATA/data").dimensions()).containsExactly(0, 2);
            assertThat(reader.opaque().readArray("/data/ARRAY_MISSING_DATA/is_data_present")).containsOnly((byte) 1);
        }
    }

    @Test
    void aDataApiErrorLeavesAnErrFileInTheOriginalFormatAndNoPartialFile() throws Exception {
        dataApi.answer(500, "{\"status\": 500, \"error\": \"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        Path output = dir.resolve("run.h5");
        WriteRequest request = request(output, "");

        WriteResult result = processor.process(request);
        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.errFile()).isEqualTo(dir.resolve("run.h5.err"));
        assertThat(result.error()).contains("HTTP 500");

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("run.h5.err"));
        }
        String err = Files.readString(dir.resolve("run.h5.err"));
        assertThat(err).matches("\\[\\d{8}-\\d{6}] \\{.*\\}").doesNotEndWith("\n");
        JsonNode line = mapper.readTree(err.substring(18));
        assertThat(line.get("data_api_request").asText()).isEqualTo(request.dataApiRequest());
        assertThat(line.get("parameters").asText()).isEqualTo(request.parameters());
        assertThat(line.get("timestamp").asDouble()).isEqualTo(1528459491.5);
    }

    @Test
    void aTruncatedBodyFailsWithoutLeavingATemporaryFile() throws Exception {
        byte[] whole = Fixtures.bytes("data-api/dispatching_layer_sample.json");
        dataApi.answer(200, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThat(processor.process(request(dir.resolve("cut.h5"), "")).kind()).isEqualTo(Outcome.Kind.FAILED);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("cut.h5.err"));
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
