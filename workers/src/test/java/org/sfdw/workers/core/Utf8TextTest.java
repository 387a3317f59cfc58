package org.sfdw.workers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every string the writer stores is standard UTF-8, also outside the Basic Multilingual Plane: string channel values
 * and their dates (also after the extended layout spread them over the pulses) and {@code /general/*}, checked byte
 * for byte as h5py reads them.
 */
class Utf8TextTest {

    private static final int[][] PLANES = {{0x20, 0x7e}, {0xa0, 0x7ff}, {0x4e00, 0x9fff}, {0xe000, 0xfffd},
            {0x1f300, 0x1f6ff}, {0x1d100, 0x1d1ff}, {0x20000, 0x2a6df}, {0xf0000, 0xffffd}, {0x1, 0x1f}};
    private static final String READ_BYTES = String.join("\n",
            "import h5py, json, sys, numpy",
            "with h5py.File(sys.argv[1], 'r') as f:",
            "    out = {}",
            "    for name in sys.argv[2:]:",
            "        d = f[name]",
            "        raw = d[()]",
            "        raw = numpy.asarray(raw, dtype=object).reshape(-1).tolist() if d.shape else [bytes(raw)]",
            "        [b.decode('utf-8') for b in raw]",   // strict: fails on CESU-8
            "        out[name] = [b.hex() for b in raw]",
            "    print(json.dumps(out))");

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();

    private static String randomText(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int[] plane = PLANES[random.nextInt(PLANES.length)];
            text.appendCodePoint(plane[0] + random.nextInt(plane[1] - plane[0] + 1));
        }
        return text.toString();
    }

    @ParameterizedTest
    @EnumSource(FileLayout.class)
    void stringsFromEveryPlaneAreStoredAsStandardUtf8(FileLayout layout) throws Exception {
        SplittableRandom random = new SplittableRandom(20261201);
        List<Long> pulses = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        ArrayNode answer = mapper.createArrayNode();
        ObjectNode textChannel = channel(answer, "TXT", "string");
        ObjectNode numbers = channel(answer, "NUM", "float64");
        for (long pulse = 1; pulse <= 300; pulse++) {
            numbers.withArray("data").addObject().put("pulseId", pulse).put("value", pulse * 0.5)
                    .put("globalDate", "2018-06-08T14:04:51.551143344+02:00");
            if (pulse % 3 != 0) {      // gaps, so that the extended layout moves the strings to their rows
                String text = randomText(random);
                pulses.add(pulse);
                texts.add(text);
                textChannel.withArray("data").addObject().put("pulseId", pulse).put("value", text)
                        .put("globalDate", "d:" + text);
            }
        }
        String user = "p12345 \uD83D\uDE80 \uD834\uDD1E";
        Path output = dir.resolve("text-" + layout.name().toLowerCase() + ".h5");
        FileParameters parameters = new FileParameters(output, Map.of("created", "c", "instrument", "i",
                "process", "p", "user", user), layout, Optional.empty(), Optional.empty());
        new DataFileWriter(ResponseFormat.JSON.parser(mapper, ZoneId.of("Europe/Zurich"))).write(parameters,
                new DataPolicy(DataPolicy.NoData.MISSING, DataPolicy.IncompleteData.WRITE),
                Optional.of(new PulseRange(1, 300)), new ByteArrayInputStream(mapper.writeValueAsBytes(answer)), "t");

        JsonNode stored = readBytes(output, "/data/TXT/data", "/data/TXT/global_date", "/general/user");
        List<String> values = new ArrayList<>();
        stored.get("/data/TXT/data").forEach(v -> values.add(v.asText()));
        List<String> dates = new ArrayList<>();
        stored.get("/data/TXT/global_date").forEach(v -> dates.add(v.asText()));
        List<String> expected = new ArrayList<>();
        List<String> expectedDates = new ArrayList<>();
        if (layout == FileLayout.EXTENDED) {
            for (long pulse = 1; pulse <= 300; pulse++) {
                int at = pulses.indexOf(pulse);
                expected.add(hex(at < 0 ? "0" : texts.get(at)));   // a missing pulse holds "0", as the original's
                expectedDates.add(hex(at < 0 ? "0" : "d:" + texts.get(at)));
            }
        } else {
            texts.forEach(t -> expected.add(hex(t)));
            texts.forEach(t -> expectedDates.add(hex("d:" + t)));
        }
        assertThat(values).as("UTF-8 bytes of every value, in order").containsExactlyElementsOf(expected);
        assertThat(dates).as("UTF-8 bytes of every date, in order").containsExactlyElementsOf(expectedDates);
        assertThat(stored.get("/general/user").get(0).asText()).isEqualTo(hex(user));
        assertThat(expected).as("the test has characters beyond the BMP").anyMatch(h -> h.contains("f0"));
    }

    private static ObjectNode channel(ArrayNode answer, String name, String type) {
        ObjectNode channel = answer.addObject();
        channel.putObject("channel").put("name", name).put("backend", "sf-databuffer");
        channel.putArray("configs").addObject().put("type", type).putArray("shape").add(1);
        channel.putArray("data");
        return channel;
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode readBytes(Path file, String... datasets) throws Exception {
        List<String> command = new ArrayList<>(List.of(H5py.PYTHON, "-c", READ_BYTES, file.toString()));
        command.addAll(List.of(datasets));
        Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("h5py read the strings as UTF-8: " + out).isZero();
        return mapper.readTree(out);
    }
}
