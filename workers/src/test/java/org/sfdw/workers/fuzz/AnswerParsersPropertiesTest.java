package org.sfdw.workers.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.sfdw.spool.testing.Fixtures;
import org.sfdw.workers.core.DataFileWriter;
import org.sfdw.workers.dataapi.DataApiResponseException;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.dataapi.TruncatedResponseException;
import org.sfdw.workers.layout.DataPolicy;
import org.sfdw.workers.layout.FileLayout;
import org.sfdw.workers.layout.FileParameters;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer's answer parsers, into real HDF5 files, fed damaged versions of the recorded answers (bytes replaced,
 * cut short): each answer becomes a file or is refused as malformed (permanent) or truncated (retried), never
 * anything else, and a refused answer leaves no file and no temporary file behind.
 */
class AnswerParsersPropertiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] JSON = Fixtures.bytes("data-api/dispatching_layer_sample.json");
    private static final byte[] RAWEVENT = Fixtures.bytes("data-api/rawevent_out.bin");
    private static Path dir;

    @BeforeContainer
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("sfdw-fuzz");
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

    private static byte[] damage(byte[] original, List<Tuple.Tuple2<Integer, Byte>> flips, int cut) {
        byte[] damaged = original.clone();
        for (Tuple.Tuple2<Integer, Byte> flip : flips) {
            damaged[flip.get1() % damaged.length] = flip.get2();
        }
        return Arrays.copyOf(damaged, Math.max(0, damaged.length - cut % (damaged.length + 1)));
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> flips() {
        return Arbitraries.integers().greaterOrEqual(0).flatMap(position -> Arbitraries.of((byte) '"', (byte) '[',
                        (byte) ']', (byte) '{', (byte) '}', (byte) ',', (byte) ':', (byte) '-', (byte) '9', (byte) 0,
                        (byte) 0xC3, (byte) 'e', (byte) 'x', (byte) 0x7F)
                .map(value -> Tuple.of(position, value))).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 1 << 20));
    }

    private static void writeOrRefuse(ResponseFormat format, byte[] answer) throws IOException {
        Path output = dir.resolve("fuzz-" + format.queryName() + ".h5");
        FileParameters parameters = new FileParameters(output, Map.of("created", "c", "instrument", "i",
                "process", "p", "user", "u"), FileLayout.EXTENDED, Optional.empty(), Optional.empty());
        DataFileWriter writer = new DataFileWriter(format.parser(MAPPER, ZoneId.of("Europe/Zurich")));
        try {
            writer.write(parameters, new DataPolicy(DataPolicy.NoData.MISSING, DataPolicy.IncompleteData.WRITE),
                    Optional.empty(), new ByteArrayInputStream(answer), "fuzz");
            assertThat(output).isRegularFile();
            Files.delete(output);
        } catch (DataApiResponseException | TruncatedResponseException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(output).doesNotExist();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no temporary or scratch file left").isEmpty();
        }
    }

    @Property(tries = 250)
    void damagedJsonAnswersMakeAFileOrAreRefused(@ForAll("flips") List<Tuple.Tuple2<Integer, Byte>> flips,
                                                 @ForAll("cuts") int cut) throws IOException {
        writeOrRefuse(ResponseFormat.JSON, damage(JSON, flips, cut));
    }

    @Property(tries = 250)
    void damagedRaweventAnswersMakeAFileOrAreRefused(@ForAll("flips") List<Tuple.Tuple2<Integer, Byte>> flips,
                                                     @ForAll("cuts") int cut) throws IOException {
        writeOrRefuse(ResponseFormat.RAWEVENT, damage(RAWEVENT, flips, cut));
    }
}
