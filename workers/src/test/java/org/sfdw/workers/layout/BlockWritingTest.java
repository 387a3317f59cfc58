package org.sfdw.workers.layout;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sfdw.spool.testing.Fixtures;
import org.sfdw.spool.testing.SmallDisk;
import org.sfdw.workers.core.DataFileWriter;
import org.sfdw.workers.core.OutputFileException;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.h5.Chunking;
import org.sfdw.workers.h5.H5Dump;
import org.sfdw.workers.h5.H5File;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Row blocks written on a second thread, while the answer is parsed on, make the file that writing them in line
 * makes, and the file this project wrote before there was a second thread or a faster string path: compared as
 * {@code h5dump -p} prints them (every type, shape, chunk and fill property, the storage address of every contiguous
 * dataset, every value and attribute), which leaves out only the object headers' clock times.
 */
class BlockWritingTest {

    /** Blocks of 128 float64 rows: the thousand pulses of the answers go through many blocks per channel. */
    private static final Chunking SMALL_BLOCKS = new Chunking(0, 256, 1024);

    /**
     * SHA-256 of the dumps of files written by commit 8e1bbaf (before the second thread and the string arena), with
     * these answers and chunking; the first line, which names the file, left out.
     */
    private static final Map<String, String> BEFORE = Map.of(
            "scalar-heavy.json/EXTENDED", "08318679b4187a46cab5d5626cf564a7df44bf70768022a021d00dd6350a2266",
            "scalar-heavy.json/COMPACT", "09fcc0dfe9d2a3f273d26083ed0b16529f55cbc4eea2c4b4da442edac523e290",
            "dispatching_layer_sample.json/EXTENDED", "34792125cf5f170b3e60a9142297b24566b36513e5a41ce3fd2e11fc9629b3f9",
            "rawevent_out.bin/EXTENDED", "ace438ff55bff50ac8c2ad112591ceb05c7c8e7505d46c1ddbf445118cfbdd44");

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("scalar-heavy.json", ResponseFormat.JSON, FileLayout.EXTENDED),
                Arguments.of("scalar-heavy.json", ResponseFormat.JSON, FileLayout.COMPACT),
                Arguments.of("dispatching_layer_sample.json", ResponseFormat.JSON, FileLayout.EXTENDED),
                Arguments.of("rawevent_out.bin", ResponseFormat.RAWEVENT, FileLayout.EXTENDED));
    }

    private static byte[] answer(String name) {
        return name.equals("scalar-heavy.json") ? ScalarHeavyAnswer.json() : Fixtures.bytes("data-api/" + name);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("answers")
    void aSecondThreadWritesTheFileTheParsingThreadWrites(String name, ResponseFormat format, FileLayout layout)
            throws Exception {
        byte[] answer = answer(name);
        String inLine = H5Dump.properties(write(answer, format, layout, Runnable::run, "in-line.h5"));
        ExecutorService second = Executors.newSingleThreadExecutor();
        String behind;
        try {
            behind = H5Dump.properties(write(answer, format, layout, second, "behind.h5"));
        } finally {
            second.shutdownNow();
        }
        assertThat(inLine).contains("DATASET \"data\"");
        assertThat(behind).isEqualTo(inLine);
        assertThat(sha256(inLine)).as("the dump of the file written before, for " + name + " " + layout)
                .isEqualTo(BEFORE.get(name + "/" + layout));
    }

    @Test
    void aFailedBlockWriteIsThrownToTheParsingThreadAndLaterBlocksAreRefused() throws Exception {
        ExecutorService second = Executors.newSingleThreadExecutor();
        try {
            BlockWrites writes = new BlockWrites(second);
            AtomicInteger ran = new AtomicInteger();
            writes.submit(ran::incrementAndGet);
            // Sooner or later a submit sees the failure (the very one that queued it, if it ran at once); drain
            // always does, once every queued write has run.
            assertThatThrownBy(() -> {
                writes.submit(() -> {
                    throw new IllegalStateException("no space left on device");
                });
                for (int i = 0; i < 1_000; i++) {
                    writes.submit(ran::incrementAndGet);
                    writes.drain();
                }
            }).isInstanceOf(IllegalStateException.class).hasMessage("no space left on device");
            assertThatThrownBy(writes::drain).hasMessage("no space left on device");
            assertThatThrownBy(() -> writes.submit(ran::incrementAndGet)).hasMessage("no space left on device");
            int before = ran.get();
            writes.settle();
            assertThat(ran.get()).isEqualTo(before);
        } finally {
            second.shutdownNow();
            assertThat(second.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFullDiskFailsAFileWrittenWithTheSecondThreadAndLeavesNothingBehind() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small"), 4)) {
            Path output = disk.root().resolve("run.h5");
            // Room to create the file, not for all of it: HDF5 reports the failed write where it flushes its caches
            // (for an answer this small, when the datasets close), and the writer must not hang on it.
            disk.fill(400 * 1024);
            DataFileWriter writer = new DataFileWriter(ResponseFormat.JSON.parser(mapper, ZoneId.of("Europe/Zurich")));
            FileParameters parameters = new FileParameters(output, Map.of("user", "test"), FileLayout.EXTENDED,
                    Optional.empty(), Optional.empty());
            DataPolicy policy = new DataPolicy(DataPolicy.NoData.ERROR, DataPolicy.IncompleteData.WRITE);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(() -> writer.write(parameters, policy, Optional.empty(),
                            new ByteArrayInputStream(ScalarHeavyAnswer.json()), "1"))
                            .isInstanceOf(OutputFileException.class).hasMessageContaining("its disk is full"));
            try (Stream<Path> left = Files.list(disk.root())) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("filler");
            }
        }
    }

    private Path write(byte[] answer, ResponseFormat format, FileLayout layout, Executor blockWriter, String file)
            throws IOException {
        Path path = dir.resolve(file);
        try (H5File h5 = H5File.create(path)) {
            DataFileBuilder builder = new DataFileBuilder(h5, layout,
                    Optional.of(new org.sfdw.spool.query.PulseRange(ScalarHeavyAnswer.FIRST_PULSE,
                            ScalarHeavyAnswer.FIRST_PULSE + ScalarHeavyAnswer.PULSES - 1)),
                    SMALL_BLOCKS, blockWriter);
            format.parser(mapper, ZoneId.of("Europe/Zurich")).parse(new ByteArrayInputStream(answer), builder,
                    () -> Files.createTempFile(dir, "held", ".json"));
            builder.finish();
        }
        return path;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
