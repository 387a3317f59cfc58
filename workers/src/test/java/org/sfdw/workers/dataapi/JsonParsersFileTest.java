package org.sfdw.workers.dataapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.workers.core.DataFileWriter;
import org.sfdw.workers.core.SyntheticAnswer;
import org.sfdw.workers.h5.H5Dump;
import org.sfdw.workers.layout.DataPolicy;
import org.sfdw.workers.layout.FileLayout;
import org.sfdw.workers.layout.FileParameters;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files, not calls: the writer with the byte-level parser and with the Jackson parser writes the same file
 * ({@code h5dump -p}) from the same answer, or refuses it alike. This is where the runs of numbers meet the blocks
 * they are stored in a run at a time, in every element type, with values that wrap, narrow or truncate.
 */
class JsonParsersFileTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private String written(ResponseParser parser, byte[] answer, String name) throws Exception {
        Path output = dir.resolve(name + ".h5");
        FileParameters parameters = new FileParameters(output, Map.of("created", "c", "instrument", "i",
                "process", "p", "user", "u"), FileLayout.EXTENDED, Optional.empty(), Optional.empty());
        try {
            new DataFileWriter(parser).write(parameters, new DataPolicy(DataPolicy.NoData.MISSING,
                    DataPolicy.IncompleteData.WRITE), Optional.empty(), new ByteArrayInputStream(answer), name);
        } catch (DataApiResponseException e) {
            return "refused";
        }
        String dump = H5Dump.properties(output);
        Files.delete(output);
        return dump;
    }

    /** @return what both made of the answer */
    private String assertSameFile(byte[] answer, String name) throws Exception {
        String reference = written(new JacksonResponseParser(), answer, name);
        assertThat(written(new DataApiResponseParser(), answer, name)).as(name).isEqualTo(reference);
        return reference;
    }

    @Test
    void waveformsImagesAndScalarsOfTheMadeUpAnswer() throws Exception {
        List<ChannelSchema> channels = List.of(
                ChannelSchema.fromDataApi("F64", "float64", List.of(1)),
                ChannelSchema.fromDataApi("F64:W", "float64", List.of(100)),
                ChannelSchema.fromDataApi("F32:W", "float32", List.of(1024)),
                ChannelSchema.fromDataApi("I64", "int64", List.of(3)),
                ChannelSchema.fromDataApi("CAM", "uint16", List.of(48, 64)));
        byte[] answer = new SyntheticAnswer(channels, 200).render(ResponseFormat.JSON, MAPPER);
        assertThat(assertSameFile(answer, "synthetic")).contains("DATASET \"data\"").contains("H5T_STD_U16LE");
    }

    @Test
    void listsOfEveryElementTypeWithValuesThatWrapNarrowOrTruncate() throws Exception {
        String integers = "[-1, 70000,255,  32768 , -129, 4294967297, 0, -0, 9223372036854775807, 128]";
        String decimals = "[0.1,-0.0, 1e-7, 3.4028235e38, 1.5e300, 16777217.5, -2.75, 1E+2, 0.30000000000000004, "
                + "7.038531e-26]";
        String mixed = "[1, 2.5, -3, 4e0, NaN, \"6\", true, 8.9, -9223372036854775808, 18446744073709551615]";
        StringBuilder json = new StringBuilder("[");
        String[] types = {"int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "bool",
                "float32", "float64"};
        for (int t = 0; t < types.length; t++) {
            String[] lists = {integers, decimals, mixed};
            for (int l = 0; l < lists.length; l++) {
                json.append(t + l == 0 ? "" : ",").append("{\"channel\": \"").append(types[t]).append(':')
                        .append(l).append("\", \"configs\": [{\"type\": \"").append(types[t])
                        .append("\", \"shape\": [10]}], \"data\": [");
                for (int p = 0; p < 3; p++) {
                    json.append(p == 0 ? "" : ",").append("{\"pulseId\": ").append(100 + p)
                            .append(", \"globalDate\": \"2018-06-08T14:04:51.551143344+02:00\", \"value\": ")
                            .append(lists[l]).append('}');
                }
                json.append("]}");
            }
        }
        json.append(']');
        assertThat(assertSameFile(json.toString().getBytes(StandardCharsets.UTF_8), "types"))
                .contains("H5T_STD_I8LE", "H5T_STD_U32LE", "H5T_IEEE_F32LE",
                        "(2,0): -1, 112, -1, 0, 127, 1, 0, 0, -1, -128");
    }

    @Test
    void theMadeUpAnswersOfTheDifferentialTest() throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (long seed = 0; seed < 40; seed++) {
            outcomes.add(assertSameFile(RandomJsonAnswer.render(seed), "random-" + seed));
        }
        assertThat(outcomes).as("answers that made a file").filteredOn(o -> !o.equals("refused")).hasSizeGreaterThan(20);
    }
}
