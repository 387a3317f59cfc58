package org.sfdw.workers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.query.PulseRange;
import org.sfdw.spool.testing.H5py;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.layout.DataPolicy;
import org.sfdw.workers.layout.FileLayout;
import org.sfdw.workers.layout.FileParameters;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Integer tokens in float32 channels go through a double, as numpy converts them (data-api.md §9a). */
class NumberTokensTest {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void integerTokensInFloat32ChannelsAreRoundedThroughADoubleAndIntegerChannelsKeepThemExact() throws Exception {
        List<Long> tokens = new ArrayList<>(List.of(18014399583223809L, (1L << 54) + (1L << 30), 16777217L, -0L,
                -(1L << 40) - 1, 9007199254740993L));
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            tokens.add(random.nextLong() >> random.nextInt(40));
        }
        StringBuilder f32 = new StringBuilder();
        StringBuilder i64 = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            String event = "{\"pulseId\": " + (i + 1) + ", \"value\": " + tokens.get(i) + ", \"globalDate\": "
                    + "\"2018-06-08T14:04:51.551143344+02:00\"}";
            f32.append(i == 0 ? "" : ", ").append(event);
            i64.append(i == 0 ? "" : ", ").append(event);
        }
        String answer = "[{\"channel\": {\"name\": \"F32\"}, \"configs\": [{\"type\": \"float32\", \"shape\": [1]}], "
                + "\"data\": [" + f32 + "]}, {\"channel\": {\"name\": \"I64\"}, \"configs\": [{\"type\": \"int64\", "
                + "\"shape\": [1]}], \"data\": [" + i64 + "]}]";
        Path output = dir.resolve("numbers.h5");
        new DataFileWriter(ResponseFormat.JSON.parser(mapper, ZoneId.of("Europe/Zurich"))).write(
                new FileParameters(output, Map.of("created", "c", "instrument", "i", "process", "p", "user", "u"),
                        FileLayout.COMPACT, Optional.empty(), Optional.empty()),
                new DataPolicy(DataPolicy.NoData.MISSING, DataPolicy.IncompleteData.WRITE),
                Optional.of(new PulseRange(1, tokens.size())),
                new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), "n");

        JsonNode datasets = H5py.dump(output).get("datasets");
        JsonNode floats = datasets.get("/data/F32/data").get("values");
        JsonNode longs = datasets.get("/data/I64/data").get("values");
        assertThat(floats.get(0).get(0).asDouble()).as("2^54+2^31+1 -> the double 2^54+2^30 -> a tie -> 2^54")
                .isEqualTo(0x1p54);
        assertThat(floats.get(2).get(0).asDouble()).isEqualTo(16777216.0);
        assertThat(Double.doubleToRawLongBits(floats.get(3).get(0).asDouble())).as("-0 is +0.0").isZero();
        for (int i = 0; i < tokens.size(); i++) {
            assertThat(floats.get(i).get(0).asDouble()).as("token " + tokens.get(i))
                    .isEqualTo((double) (float) (double) tokens.get(i));
            assertThat(longs.get(i).get(0).asLong()).as("int64 keeps " + tokens.get(i)).isEqualTo(tokens.get(i));
        }
    }
}
