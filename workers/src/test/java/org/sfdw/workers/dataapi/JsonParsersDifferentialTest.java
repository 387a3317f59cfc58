package org.sfdw.workers.dataapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.sfdw.spool.testing.Fixtures;
import org.sfdw.workers.core.SyntheticAnswer;
import org.sfdw.workers.layout.ScalarHeavyAnswer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer's byte-level JSON parser against the Jackson parser it replaced ({@link JacksonResponseParser}): on
 * every answer both make the same calls on the consumer (values by their bits), so both write the same file; on
 * every damaged answer both refuse it alike, as malformed or as truncated. The byte-level parser reads its bytes in
 * pieces of random size, so that every value is also cut at a buffer's end.
 */
class JsonParsersDifferentialTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] RECORDED = Fixtures.bytes("data-api/dispatching_layer_sample.json");
    private static Path dir;

    @BeforeContainer
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("sfdw-json-differential");
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** What a parser made of an answer: the record of its calls, or how it refused the answer. */
    private static String outcome(ResponseParser parser, InputStream answer) throws IOException {
        RecordingConsumer consumer = new RecordingConsumer();
        try {
            int channels = parser.parse(answer, consumer, () -> Files.createTempFile(dir, "held", ".json"));
            return channels + " channels, " + consumer.record();
        } catch (DataApiResponseException | com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            // Jackson's limits (a number of over 1000 digits) got out of the Jackson parser as a plain IOException,
            // which the writer took for a broken connection and retried; the byte parser refuses them as malformed.
            return "refused as malformed";
        } catch (TruncatedResponseException e) {
            return "refused as truncated";
        } finally {
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).as("no scratch file left").isEmpty();
            }
        }
    }

    private static String jackson(byte[] answer) throws IOException {
        return outcome(new JacksonResponseParser(), new ByteArrayInputStream(answer));
    }

    private static String bytes(byte[] answer, long seed) throws IOException {
        return outcome(new DataApiResponseParser(), new TricklingInputStream(answer, seed));
    }

    private static void assertAlike(byte[] answer, long seed) throws IOException {
        String expected = jackson(answer);
        assertThat(bytes(answer, seed)).as("the answer %s", new String(answer, 0, Math.min(answer.length, 3000),
                StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    private static void assertAlikeAndWritten(byte[] answer) throws IOException {
        assertThat(jackson(answer)).doesNotStartWith("refused");
        assertAlike(answer, 1);
        assertThat(bytes(answer, -1)).as("read whole").isEqualTo(jackson(answer));
    }

    @Example
    void theRecordedAnswer() throws IOException {
        assertAlikeAndWritten(RECORDED);
    }

    @Example
    void theScalarHeavyAnswer() throws IOException {
        assertAlikeAndWritten(ScalarHeavyAnswer.json());
    }

    @Example
    void madeUpAnswersOfEveryTypeAndShape() throws IOException {
        List<ChannelSchema> channels = List.of(
                ChannelSchema.fromDataApi("F64", "float64", List.of(1)),
                ChannelSchema.fromDataApi("F32:W", "float32", List.of(1024)),
                ChannelSchema.fromDataApi("I64", "int64", List.of(3)),
                ChannelSchema.fromDataApi("CAM", "uint16", List.of(48, 64)));
        assertAlikeAndWritten(new SyntheticAnswer(channels, 300).render(ResponseFormat.JSON, MAPPER));
    }

    @Example
    void dataLongerThanTheBufferBeforeItsConfiguration() throws IOException {
        StringBuilder json = new StringBuilder("[{\"data\": [");
        for (int p = 0; p < 5000; p++) {
            json.append(p == 0 ? "" : ", ").append("{\"pulseId\": ").append(1000 + p)
                    .append(", \"globalDate\": \"2018-06-08T14:04:51.551143344+02:00\", \"value\": ")
                    .append(Math.sin(p) * 1e-3).append('}');
        }
        json.append("], \"configs\": [{\"type\": \"float64\", \"shape\": [1]}], \"channel\": \"HELD\"}]");
        assertAlikeAndWritten(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Example
    void everySpellingOfANumberInEveryType() throws IOException {
        String[] numbers = {"0", "-0", "-0.0", "0.0", "1e5", "1E+5", "1e-5", "0.1", "0.30000000000000004", "1e400",
                "-1e400", "1e-400", "4.9e-324", "2.2250738585072011e-308", "9223372036854775807",
                "-9223372036854775808", "9223372036854775808", "18446744073709551615", "123456789012345678901234",
                "9007199254740993", "9007199254740993.0", "16777217", "3.4028235e38", "3.4028236e38", "1.4e-45",
                "7.038531e-26", "1e23", "9.999999999999999e22", "NaN", "Infinity", "-Infinity", "+Infinity",
                "+INF", "-INF", "\"NaN\"", "\" 1.5 \"", "\"-Infinity\"", "true", "false",
                "0.000000000000000000000000000000000000000000001", "1.00000000000000000000000000000000001",
                "123456789012345678.5", "12345678901234567.25e-3"};
        for (String type : new String[] {"float64", "float32", "int64", "uint64", "uint8", "int16", "bool"}) {
            StringBuilder json = new StringBuilder("[{\"channel\": \"N\", \"configs\": [{\"type\": \"" + type
                    + "\", \"shape\": [1]}], \"data\": [");
            for (int i = 0; i < numbers.length; i++) {
                json.append(i == 0 ? "" : ",").append("{\"pulseId\": ").append(i + 1).append(", \"value\": ")
                        .append(numbers[i]).append('}');
            }
            json.append("]}]");
            assertAlikeAndWritten(json.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Example
    void badAnswersAreRefusedAlike() throws IOException {
        String[] answers = {"", "  ", "[]", "{}", "{\"status\": 500, \"error\": \"boom\"}", "\"text\"", "5", "[5]",
                "[{}]", "[{\"channel\": \"A\"}", "[{\"channel\": \"A\"},]", "[{\"channel\": \"A\"} {}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": 5}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [5]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"value\": 1}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1.5, "
                        + "\"value\": 1}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": null}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": 01}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": 1.}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": +1}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": \"x\"}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"string\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": \"a\\u0000b\"}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"string\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": \"a\\qb\"}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"string\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": \"a\u0001b\"}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": tru}]}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": [1, [2, {\"x\": 3}]]}]}]",
                "[" + "[".repeat(1200) + "]".repeat(1200) + "]",
                "[{\"channel\": \"A\", \"x\": " + "9".repeat(1001) + "}]",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": 1",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": 1e",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": \"caf\u00e9",
                "[{\"channel\": \"A\", \"configs\": [{\"type\": \"float64\"}], \"data\": [{\"pulseId\": 1, "
                        + "\"value\": NaN"};
        for (String answer : answers) {
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            assertThat(jackson(bytes)).as(answer).startsWith("refused");
            assertAlike(bytes, answer.length());
        }
        byte[] badUtf8 = "[{\"channel\": \"A\u00e9\"}]".getBytes(StandardCharsets.UTF_8);
        badUtf8[16] = (byte) 'x';
        assertThat(jackson(badUtf8)).startsWith("refused");
        assertAlike(badUtf8, 3);
    }

    @Property(tries = 400)
    void madeUpAnswersAreReadAlike(@ForAll long seed) throws IOException {
        assertAlike(RandomJsonAnswer.render(seed), seed);
    }

    @Example
    void mostMadeUpAnswersMakeAFile() throws IOException {
        int written = 0;
        for (long seed = 0; seed < 200; seed++) {
            if (!jackson(RandomJsonAnswer.render(seed)).startsWith("refused")) {
                written++;
            }
        }
        assertThat(written).as("made-up answers that make a file, of 200").isGreaterThan(80);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> flips() {
        return Arbitraries.integers().greaterOrEqual(0).flatMap(position -> Arbitraries.of((byte) '"', (byte) '[',
                        (byte) ']', (byte) '{', (byte) '}', (byte) ',', (byte) ':', (byte) '-', (byte) '9', (byte) 0,
                        (byte) 0xC3, (byte) 0xA9, (byte) 'e', (byte) '.', (byte) '\\', (byte) 'u', (byte) ' ',
                        (byte) 'x', (byte) 0x7F)
                .map(value -> Tuple.of(position, value))).list().ofMinSize(1).ofMaxSize(4);
    }

    private static byte[] damage(byte[] original, List<Tuple.Tuple2<Integer, Byte>> flips, int cut) {
        byte[] damaged = original.clone();
        for (Tuple.Tuple2<Integer, Byte> flip : flips) {
            damaged[flip.get1() % damaged.length] = flip.get2();
        }
        return Arrays.copyOf(damaged, Math.max(0, damaged.length - cut % (damaged.length + 1)));
    }

    /** The byte at which Jackson found the answer malformed. */
    private static long jacksonErrorAt(byte[] answer) throws IOException {
        try {
            new JacksonResponseParser().parse(new ByteArrayInputStream(answer), new RecordingConsumer(),
                    () -> Files.createTempFile(dir, "held", ".json"));
        } catch (DataApiResponseException e) {
            java.util.regex.Matcher at = java.util.regex.Pattern.compile("at byte (\\d+)").matcher(e.getMessage());
            if (at.find()) {
                return Long.parseLong(at.group(1));
            }
        }
        return -1;
    }

    /** Well-formed UTF-8, but for a sequence cut at the end. */
    private static boolean utf8(byte[] bytes) {
        return !StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes),
                java.nio.CharBuffer.allocate(bytes.length), false).isError();
    }

    /**
     * Where the damage made bytes that are not UTF-8, Jackson's answer is not the rule: it does not check the UTF-8 of
     * member names, and took some such answers for truncated ones (retried) or read them. The byte parser refuses
     * them as malformed, unless it read the same as Jackson.
     *
     * <p>A body cut in the middle of its last token ({@code nul}, {@code 21314.}) was malformed to Jackson, which
     * reported the error where the token starts, before the end. The byte parser reports it as truncated, and the
     * writer asks again, as for any other cut body.
     */
    @Property(tries = 400)
    void damagedAnswersAreReadOrRefusedAlike(@ForAll long seed,
                                              @ForAll("flips") List<Tuple.Tuple2<Integer, Byte>> flips,
                                              @ForAll int cut) throws IOException {
        byte[] answer = seed % 3 == 0 ? RECORDED : RandomJsonAnswer.render(seed);
        byte[] damaged = damage(answer, flips, seed % 2 == 0 ? 0 : Math.abs(cut % 200));
        String expected = jackson(damaged);
        String actual = bytes(damaged, seed);
        if (!utf8(damaged) && !actual.equals(expected)) {
            assertThat(actual).isEqualTo("refused as malformed");
        } else if (expected.equals("refused as malformed") && actual.equals("refused as truncated")) {
            assertThat(damaged.length).as("cut").isLessThan(answer.length);
            assertThat(jacksonErrorAt(damaged)).as("where Jackson found the error in %d bytes", damaged.length)
                    .isGreaterThanOrEqualTo(damaged.length - 1001);
        } else {
            assertThat(actual).as("the answer %s", new String(damaged, StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }

    /** Hands out its bytes in pieces of 1 to 300 bytes, or all at once for a negative seed. */
    private static final class TricklingInputStream extends InputStream {
        private final byte[] bytes;
        private final SplittableRandom random;
        private int at;

        TricklingInputStream(byte[] bytes, long seed) {
            this.bytes = bytes;
            this.random = seed < 0 ? null : new SplittableRandom(seed);
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (at == bytes.length) {
                return -1;
            }
            int piece = random == null ? length : Math.min(length, random.nextInt(1, 301));
            int n = Math.min(piece, bytes.length - at);
            System.arraycopy(bytes, at, buffer, offset, n);
            at += n;
            return n;
        }
    }
}
