package org.sfdw.ops;

import ch.systemsx.cisd.hdf5.HDF5Factory;
import ch.systemsx.cisd.hdf5.IHDF5Reader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.ops.sim.core.SimulatedValues;
import org.sfdw.spool.Durability;
import org.sfdw.spool.Spool;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.testing.H5py;
import org.sfdw.spool.testing.Poll;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** One acquisition through simulator, broker, spool, ZMQ and writer into HDF5 files, checked value by value. */
class PipelineTest {

    private static final long START = 5_721_143_000L;
    private static final long STOP = START + 99;
    private static final int PULSES = 100;

    @TempDir
    static Path data;
    private static Services pipeline;

    @BeforeAll
    static void start() throws Exception {
        pipeline = new Services(data).startSim().startBroker().startWriter();
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private static String parameters(Path output) {
        return "{\"general/created\": \"2026-11-24 10:00:00\", \"general/user\": \"p12345\", "
                + "\"general/process\": \"PipelineTest\", \"general/instrument\": \"sim\", \"output_file\": \""
                + output + "\"}";
    }

    @Test
    void oneAcquisitionTravelsTheWholeWayIntoTheOriginalLayout() throws Exception {
        Path output = data.resolve("raw/run_000001.BSREAD.h5");
        Path camera = data.resolve("raw/run_000001.BSREAD.h5_SIMCAM1.h5");

        assertThat(pipeline.broker("POST", "/parameters", parameters(output)).body()).contains("\"state\": \"ok\"");
        assertThat(pipeline.broker("PUT", "/start_pulse_id/" + START, "").statusCode()).isEqualTo(200);
        HttpResponse<String> stop = pipeline.broker("PUT", "/stop_pulse_id/" + STOP, "");
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.headers().firstValue("X-Request-Ids")).isPresent();

        Poll.until(Duration.ofSeconds(60), "both files to be written",
                () -> Files.exists(output) && Files.exists(camera));
        String first = stop.headers().firstValue("X-Request-Ids").orElseThrow().split(",")[0];
        Poll.until(Duration.ofSeconds(30), "the EPICS writer (the simulator's stand-in) told of the stop", () -> {
            try {
                return pipeline.broker("GET", "/requests/" + first, null).body().contains("\"notifications\": "
                        + "[{\"target\": \"epics_writer\", \"state\": \"delivered\", \"attempts\": 1");
            } catch (java.io.IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        try (Stream<Path> files = Files.list(output.getParent())) {
            assertThat(files).as("no .err, no temporary file").containsExactlyInAnyOrder(output, camera);
        }
        try (IHDF5Reader reader = HDF5Factory.openForReading(output.toFile())) {
            assertThat(reader.string().read("/general/process")).isEqualTo("PipelineTest");
            assertThat(reader.object().getAllGroupMembers("/data")).containsExactlyInAnyOrder("SIM:SCALAR-F64",
                    "SIM:SCALAR-I32", "SIM:WAVE-F32", "SIM:WAVE-U16", "SIM:COUNTER-U64", "SIM:FLAG", "SIM:STATUS",
                    "SIM:GAPPY-F64");
            for (String channel : reader.object().getAllGroupMembers("/data")) {
                long[] pulses = reader.int64().readArray("/data/" + channel + "/pulse_id");
                assertThat(pulses).as(channel).hasSize(PULSES).startsWith(START).endsWith(STOP);
            }
            double[] f64 = reader.float64().readMDArray("/data/SIM:SCALAR-F64/data").getAsFlatArray();
            float[] f32 = reader.float32().readMDArray("/data/SIM:WAVE-F32/data").getAsFlatArray();
            short[] u16 = reader.uint16().readMDArray("/data/SIM:WAVE-U16/data").getAsFlatArray();
            long[] u64 = reader.uint64().readMDArray("/data/SIM:COUNTER-U64/data").getAsFlatArray();
            int[] i32 = reader.int32().readMDArray("/data/SIM:SCALAR-I32/data").getAsFlatArray();
            byte[] flag = reader.opaque().readArray("/data/SIM:FLAG/data");
            String[] status = reader.string().readMDArray("/data/SIM:STATUS/data").getAsFlatArray();
            byte[] i32Present = reader.opaque().readArray("/data/SIM:SCALAR-I32/is_data_present");
            String[] statusDates = reader.string().readArray("/data/SIM:STATUS/global_date");
            for (int row = 0; row < PULSES; row++) {
                long pulse = START + row;
                assertThat(f64[row]).isEqualTo(SimulatedValues.real("float64", "SIM:SCALAR-F64", pulse, 0));
                for (int k = 0; k < 256; k++) {
                    assertThat(f32[row * 256 + k]).isEqualTo((float) SimulatedValues.real("float32", "SIM:WAVE-F32", pulse, k));
                }
                for (int k = 0; k < 64; k++) {
                    assertThat(u16[row * 64 + k]).isEqualTo((short) SimulatedValues.integer("uint16", "SIM:WAVE-U16", pulse, k));
                }
                assertThat(u64[row]).isEqualTo(SimulatedValues.integer("uint64", "SIM:COUNTER-U64", pulse, 0));
                assertThat(flag[row] == 1).isEqualTo(SimulatedValues.bool("SIM:FLAG", pulse, 0));
                boolean even = pulse % 2 == 0;
                assertThat(i32Present[row]).isEqualTo((byte) (even ? 1 : 0));
                assertThat(i32[row]).isEqualTo(even ? (int) SimulatedValues.integer("int32", "SIM:SCALAR-I32", pulse, 0) : 0);
                boolean fourth = pulse % 4 == 0;
                assertThat(status[row]).isEqualTo(fourth ? SimulatedValues.text("SIM:STATUS", pulse, 0) : "0");
                assertThat(statusDates[row]).isEqualTo(fourth ? SimulatedValues.globalDate(pulse) : "0");
            }
        }
        try (IHDF5Reader reader = HDF5Factory.openForReading(camera.toFile())) {
            var image = reader.uint16().readMDArray("/data/SIMCAM1:FPICTURE/data");
            assertThat(image.dimensions()).containsExactly(PULSES, 24, 32);
            for (int row = 0; row < PULSES; row += 33) {
                for (int y = 0; y < 24; y++) {
                    for (int x = 0; x < 32; x++) {
                        assertThat(image.get(row, y, x)).isEqualTo(
                                (short) SimulatedValues.integer("uint16", "SIMCAM1:FPICTURE", START + row, y * 32 + x));
                    }
                }
            }
        }

        Map<String, H5py.Dataset> h5 = H5py.datasets(output);
        assertThat(h5.get("/data/SIM:SCALAR-F64/data")).isEqualTo(new H5py.Dataset("<f8", List.of(PULSES, 1)));
        assertThat(h5.get("/data/SIM:SCALAR-I32/data")).isEqualTo(new H5py.Dataset("<i4", List.of(PULSES, 1)));
        assertThat(h5.get("/data/SIM:WAVE-F32/data")).isEqualTo(new H5py.Dataset("<f4", List.of(PULSES, 256)));
        assertThat(h5.get("/data/SIM:WAVE-U16/data")).isEqualTo(new H5py.Dataset("<u2", List.of(PULSES, 64)));
        assertThat(h5.get("/data/SIM:COUNTER-U64/data")).isEqualTo(new H5py.Dataset("<u8", List.of(PULSES, 1)));
        assertThat(h5.get("/data/SIM:FLAG/data")).isEqualTo(new H5py.Dataset("bool", List.of(PULSES, 1)));
        assertThat(h5.get("/data/SIM:STATUS/data")).isEqualTo(new H5py.Dataset("vlen-str", List.of(PULSES, 1)));
        assertThat(H5py.datasets(camera).get("/data/SIMCAM1:FPICTURE/data"))
                .isEqualTo(new H5py.Dataset("<u2", List.of(PULSES, 24, 32)));
    }

    @Test
    void aFailedRequestEndsAsAnErrFileThatHoldsTheSpooledRequest() throws Exception {
        Path output = data.resolve("raw/run_000002.BSREAD.h5");
        // A channel list of only unknown channels: the simulator answers with no configs, the file has no data;
        // a query outside the simulator's range limit makes the writer fail instead.
        String parameters = parameters(output).replace("}", ", \"channels\": [\"SIM:SCALAR-F64\"]}");
        pipeline.broker("POST", "/parameters", parameters);
        pipeline.broker("PUT", "/start_pulse_id/1", "");
        HttpResponse<String> stop = pipeline.broker("PUT", "/stop_pulse_id/" + 20_000_001L, "");
        long id = Long.parseLong(stop.headers().firstValue("X-Request-Ids").orElseThrow());

        Path err = output.resolveSibling(output.getFileName() + ".err");
        Poll.until(Duration.ofSeconds(60), "the .err file", () -> Files.exists(err));

        assertThat(output).doesNotExist();
        WriteRequest spooled;
        try (Spool spool = Spool.openForReading(data.resolve("spool"))) {
            spooled = spool.readAll().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
        }
        var line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(err).substring(18));
        assertThat(line.get("data_api_request").asText()).isEqualTo(spooled.dataApiRequest());
        assertThat(line.get("parameters").asText()).isEqualTo(spooled.parameters());
        assertThat(line.get("timestamp").asDouble()).isEqualTo(spooled.timestamp());
    }
}
