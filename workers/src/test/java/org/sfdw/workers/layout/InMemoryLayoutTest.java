package org.sfdw.workers.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.testing.Fixtures;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.h5.Chunking;
import org.sfdw.workers.h5.H5File;
import org.sfdw.workers.h5.H5Reading;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original's layout built from the recorded data-api answer into a file that lives in memory only (HDF5's core
 * driver without a backing store) and read back through the HDF5 library: shapes, element types and values per
 * channel, in both layouts. The files themselves, read with h5py and compared with the original's, are the ops
 * tests' business.
 */
class InMemoryLayoutTest {

    private static final String SCALAR = "SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-MAX";
    private static final String WAVEFORM = "SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-CALIBRATED";
    private static final String GAPPY = "SCALAR_MISSING_DATA";

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path scratch;

    private JsonNode channel(String name) throws IOException {
        for (JsonNode channel : mapper.readTree(Fixtures.bytes("data-api/dispatching_layer_sample.json"))) {
            if (channel.path("channel").path("name").asText().equals(name)) {
                return channel;
            }
        }
        throw new AssertionError("the fixture has no channel " + name);
    }

    private static List<Long> pulseIds(JsonNode channel) {
        List<Long> ids = new ArrayList<>();
        channel.path("data").forEach(event -> ids.add(event.path("pulseId").asLong()));
        return ids;
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /** Builds the fixture's file in memory and hands it, still open, to {@code check}. */
    private void build(FileLayout layout, FileCheck check) throws Exception {
        try (H5File file = H5File.inMemory("dispatching_layer_sample.h5")) {
            DataFileBuilder builder = new DataFileBuilder(file, layout, Optional.empty(), Chunking.forRows(0));
            ResponseFormat.JSON.parser(mapper, ZoneId.of("Europe/Zurich")).parse(
                    new ByteArrayInputStream(Fixtures.bytes("data-api/dispatching_layer_sample.json")), builder,
                    () -> Files.createTempFile(scratch, "scratch", ".json"));
            builder.finish();
            check.on(new H5Reading(file));
        }
    }

    @FunctionalInterface
    private interface FileCheck {
        void on(H5Reading file) throws Exception;
    }

    @Test
    void compactKeepsEachChannelsOwnPulsesWithItsValuesNarrowedToFloat32() throws Exception {
        JsonNode scalar = channel(SCALAR);
        JsonNode waveform = channel(WAVEFORM);
        build(FileLayout.COMPACT, file -> {
            String group = "/data/" + SCALAR + "/";
            assertThat(file.dtype(group + "data")).isEqualTo("float32");
            assertThat(file.shape(group + "data")).containsExactly(19, 1);
            assertThat(boxed(file.longs(group + "pulse_id"))).containsExactlyElementsOf(pulseIds(scalar));
            double[] values = file.doubles(group + "data");
            for (int i = 0; i < values.length; i++) {
                assertThat(values[i]).isEqualTo((double) (float) scalar.path("data").get(i).path("value").asDouble());
            }
            assertThat(file.bools(group + "is_data_present")).containsOnly(1).hasSize(19);

            String wave = "/data/" + WAVEFORM + "/";
            assertThat(file.shape(wave + "data")).containsExactly(19, 1024);
            double[] samples = file.doubles(wave + "data");
            JsonNode last = waveform.path("data").get(18).path("value");
            assertThat(samples[18 * 1024 + 1023]).isEqualTo((double) (float) last.get(1023).asDouble());

            assertThat(boxed(file.longs("/data/" + GAPPY + "/pulse_id"))).containsExactlyElementsOf(pulseIds(channel(GAPPY)));
        });
    }

    @Test
    void extendedGivesEveryChannelThePulsesOfAllAndMarksWhatIsMissing() throws Exception {
        TreeSet<Long> union = new TreeSet<>();
        for (String name : List.of(SCALAR, WAVEFORM, GAPPY, "ARRAY_MISSING_DATA")) {
            union.addAll(pulseIds(channel(name)));
        }
        List<Long> gappyPulses = pulseIds(channel(GAPPY));
        build(FileLayout.EXTENDED, file -> {
            String group = "/data/" + GAPPY + "/";
            assertThat(boxed(file.longs(group + "pulse_id"))).containsExactlyElementsOf(union);
            assertThat(file.shape(group + "data")).containsExactly(union.size(), 1);
            byte[] present = file.bools(group + "is_data_present");
            int row = 0;
            for (long pulse : union) {
                assertThat(present[row++]).as("pulse %d", pulse).isEqualTo((byte) (gappyPulses.contains(pulse) ? 1 : 0));
            }
            assertThat(boxed(file.longs("/data/" + SCALAR + "/pulse_id"))).containsExactlyElementsOf(union);
        });
    }
}
