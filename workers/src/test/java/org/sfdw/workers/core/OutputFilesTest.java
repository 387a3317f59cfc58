package org.sfdw.workers.core;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.paths.OutputPathRule;
import org.sfdw.spool.AuditLine;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.bsread.WriteRequestDelivery;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.query.DataApiQuery;
import org.sfdw.spool.testing.Fixtures;
import org.sfdw.spool.testing.H5py;
import org.sfdw.workers.dataapi.DataApiClient;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.layout.DataPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a writer does at its target: another acquisition's file is kept, a later sending's file stands, a re-run
 * replaces the file it re-runs, a writer whose temporary file was taken stands down, and paths are checked again by
 * the writer with links resolved, right before the file is made and before it is renamed.
 */
class OutputFilesTest {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordedDataApi dataApi = new RecordedDataApi();
    private final FileMarks marks = new FileMarks();

    private WriteRequestProcessor processor(Overwrite overwrite, Path... roots) {
        return new WriteRequestProcessor(
                new DataApiClient(DataApiClient.defaultHttpClient(Duration.ofSeconds(5)), dataApi.queryUrl(),
                        Duration.ofSeconds(30), Duration.ofSeconds(30), mapper),
                new DataFileWriter(ResponseFormat.JSON.parser(mapper, ZoneId.of("Europe/Zurich"))),
                new ErrFileWriter(Clock.systemDefaultZone()), mapper,
                new WriteRequestProcessor.Settings(Duration.ZERO,
                        new DataPolicy(DataPolicy.NoData.MISSING, DataPolicy.IncompleteData.WRITE),
                        new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofMillis(1500),
                                new SplittableRandom(1)), false, ResponseFormat.JSON)
                        .withOutput(new OutputPathRule(List.of(roots.length == 0 ? dir : roots[0]), List.of()),
                                overwrite),
                new WriterMetrics(new MetricRegistry()), Clock.systemDefaultZone());
    }

    /** A writer whose allowed root is the test's directory; the directory exists only once the test runs. */
    private WriteRequestProcessor processor() {
        return processor(Overwrite.SAME_REQUEST);
    }

    @AfterEach
    void stopDataApi() {
        dataApi.close();
    }

    private static WriteRequest request(long id, double timestamp, Path output) {
        String query = new DataApiQuery(List.of(DataApiQuery.Channel.forName(
                "SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-CALIBRATED")), 5721143344L, 5721143416L).toJson();
        return new WriteRequest(id, timestamp, query, "{\"general/created\": \"c\", \"general/user\": \"u\", "
                + "\"general/process\": \"p\", \"general/instrument\": \"i\", \"output_file\": \"" + output + "\"}");
    }

    private static WriteRequestDelivery sending(WriteRequest request, int number) {
        return new WriteRequestDelivery(request, number);
    }

    private void answerWithTheFixture() throws IOException {
        dataApi.answer(200, Fixtures.bytes("data-api/dispatching_layer_sample.json"));
    }

    private List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    private static boolean parsing(Thread writer) {
        return java.util.Arrays.stream(writer.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("parse")
                && frame.getClassName().endsWith("ResponseParser"));
    }

    /** Swaps the symbolic link {@code link} to lead to {@code target}. */
    private static void pointTo(Path link, Path target) {
        try {
            Files.delete(link);
            Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileMark markOf(Path file) {
        return marks.read(file).orElseThrow(() -> new AssertionError(file + " has no mark"));
    }

    @Test
    void anotherAcquisitionsFileIsKeptAndTheRequestFailsNamingIt() throws Exception {
        answerWithTheFixture();
        Path output = dir.resolve("run_1.h5");
        assertThat(processor().process(sending(request(9, 100.5, output), 1)).kind()).isEqualTo(Outcome.Kind.WRITTEN);
        byte[] first = Files.readAllBytes(output);
        int queries = dataApi.queries();

        WriteRequest other = request(10, 200.5, output);
        WriteResult result = processor().process(sending(other, 1));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.error()).contains("output_file " + output + " already exists and holds the file of request 9")
                .contains("overwrite: always");
        assertThat(Files.readAllBytes(output)).as("the first acquisition's file, untouched").isEqualTo(first);
        assertThat(markOf(output).requestId()).isEqualTo(9);
        assertThat(dataApi.queries()).as("refused before asking the data api").isEqualTo(queries);
        assertThat(AuditLine.parse(Files.readString(dir.resolve("run_1.h5.err")), mapper).timestamp())
                .as("the .err holds the refused request, to re-run once the file is moved away").isEqualTo(200.5);

        Files.delete(dir.resolve("run_1.h5.err"));
        WriteResult replaced = processor(Overwrite.ALWAYS).process(sending(other, 1));
        assertThat(replaced.kind()).as(replaced.error()).isEqualTo(Outcome.Kind.WRITTEN);
        assertThat(markOf(output).requestId()).as("overwrite: always, as the original").isEqualTo(10);
        assertThat(files(dir)).containsExactly(output);
    }

    @Test
    void aFileSfdwDidNotWriteIsKept() throws Exception {
        answerWithTheFixture();
        Path output = dir.resolve("run_2.h5");
        Files.writeString(output, "an older program's file");

        WriteResult result = processor().process(sending(request(9, 100.5, output), 1));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.error()).contains("holds a file sfdw did not write for this request");
        assertThat(Files.readString(output)).isEqualTo("an older program's file");
    }

    @Test
    void aLaterSendingReplacesTheFileAndAnEarlierOneStandsDownWithoutAnErrFile() throws Exception {
        answerWithTheFixture();
        Path output = dir.resolve("run_3.h5");
        WriteRequest request = request(9, 100.5, output);
        assertThat(processor().process(sending(request, 1)).kind()).isEqualTo(Outcome.Kind.WRITTEN);

        WriteResult again = processor().process(sending(request, 2));
        assertThat(again.kind()).as(again.error()).isEqualTo(Outcome.Kind.WRITTEN);
        assertThat(markOf(output).delivery()).isEqualTo(2);

        int queries = dataApi.queries();
        WriteResult late = processor().process(sending(request, 1));
        assertThat(late.kind()).isEqualTo(Outcome.Kind.SUPERSEDED);
        assertThat(late.error()).contains("a later sending of the same request wrote " + output).contains("sending 2");
        assertThat(dataApi.queries()).isEqualTo(queries);
        assertThat(markOf(output).delivery()).isEqualTo(2);
        assertThat(files(dir)).as("no .err, no temporary file").containsExactly(output);
        assertThat(H5py.dump(output).get("datasets").has("/data/SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-CALIBRATED/data"))
                .isTrue();
    }

    @Test
    void aReRunReplacesTheFileOfTheRequestItReRuns() throws Exception {
        answerWithTheFixture();
        Path output = dir.resolve("run_4.h5");
        assertThat(processor().process(sending(request(9, 100.5, output), 1)).kind()).isEqualTo(Outcome.Kind.WRITTEN);

        WriteResult rerun = processor().process(sending(request(11, 300.5, output).asRerunOf(9), 1));
        assertThat(rerun.kind()).as(rerun.error()).isEqualTo(Outcome.Kind.WRITTEN);
        assertThat(markOf(output)).extracting(FileMark::requestId, FileMark::rerunOf).containsExactly(11L, 9L);

        WriteResult second = processor().process(sending(request(12, 400.5, output).asRerunOf(9), 1));
        assertThat(second.kind()).as("a second re-run of the same original").isEqualTo(Outcome.Kind.WRITTEN);

        WriteResult unrelated = processor().process(sending(request(13, 500.5, output).asRerunOf(5), 1));
        assertThat(unrelated.kind()).as("a re-run of another request").isEqualTo(Outcome.Kind.FAILED);
    }

    @Test
    void aWriterWhoseTemporaryFileWasTakenForAbandonedStandsDown() throws Exception {
        answerWithTheFixture();
        Path output = dir.resolve("run_5.h5");
        Thread writer = Thread.currentThread();
        dataApi.midNextBody(() -> {
            // What a second writer does that took this one's temporary file for abandoned, once this one has made
            // it and is reading the answer into it.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!parsing(writer) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            try {
                for (Path file : files(dir)) {
                    if (!file.getFileName().toString().contains("-scratch-")) {
                        Files.delete(file);    // the file being written; its scratch files are read back later
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        WriteResult result = processor().process(sending(request(9, 100.5, output), 1));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.SUPERSEDED);
        assertThat(result.error()).contains("was removed by another writer");
        assertThat(files(dir)).as("no file, no .err: the other writer writes it").isEmpty();
    }

    @Test
    void aFailureAfterALaterSendingWroteTheFileLeavesNoErrFile() throws Exception {
        answerWithTheFixture();
        Path output = dir.resolve("run_6.h5");
        WriteRequest request = request(9, 100.5, output);
        assertThat(processor().process(sending(request, 2)).kind()).isEqualTo(Outcome.Kind.WRITTEN);
        Path aside = Files.move(output, dir.resolve("aside.h5"));
        dataApi.answer(500, "{\"error\": \"down\"}".getBytes(StandardCharsets.UTF_8)).beforeNextAnswer(() -> {
            try {
                Files.move(aside, output);     // sending 2 renames its file into place meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        WriteResult result = processor().process(sending(request, 1));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.SUPERSEDED);
        assertThat(result.error()).contains("but a later sending of the same request wrote the file");
        assertThat(files(dir)).containsExactly(output);
        assertThat(markOf(output).delivery()).isEqualTo(2);
    }

    @Test
    void aLinkSwappedOutOfTheRootsIsRefusedByTheWriterBeforeMakingTheFile() throws Exception {
        answerWithTheFixture();
        Path root = Files.createDirectories(dir.resolve("data"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path link = Files.createSymbolicLink(root.resolve("current"), Files.createDirectories(root.resolve("p1")));
        pointTo(link, outside);    // after the broker checked the path

        WriteResult result = processor(Overwrite.SAME_REQUEST, root).process(
                sending(request(9, 100.5, link.resolve("run_7.h5")), 1));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.error()).startsWith("refused by this writer").contains("leads through a symbolic link to "
                + outside.toRealPath().resolve("run_7.h5"));
        assertThat(result.errFile()).as("no .err outside the roots either: the broker keeps the line").isNull();
        assertThat(files(outside)).isEmpty();
        assertThat(dataApi.queries()).isZero();
    }

    @Test
    void aLinkSwappedWhileTheFileIsWrittenIsRefusedBeforeTheRename() throws Exception {
        answerWithTheFixture();
        Path root = Files.createDirectories(dir.resolve("data"));
        Path inside = Files.createDirectories(root.resolve("p1"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path link = Files.createSymbolicLink(root.resolve("current"), inside);
        dataApi.midNextBody(() -> {
            pointTo(link, outside);
        });

        WriteResult result = processor(Overwrite.SAME_REQUEST, root).process(
                sending(request(9, 100.5, link.resolve("run_8.h5")), 1));

        assertThat(result.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(result.error()).startsWith("refused by this writer").contains("symbolic link");
        assertThat(files(outside)).isEmpty();
        assertThat(files(inside)).as("no temporary file left where it was written").isEmpty();
    }

    @Test
    void anOutputFileEqualToARootOrWithControlCharactersIsRefusedByTheWriter() throws Exception {
        answerWithTheFixture();
        Path root = Files.createDirectories(dir.resolve("data"));
        WriteRequestProcessor strict = processor(Overwrite.SAME_REQUEST, root);

        WriteResult itself = strict.process(sending(request(9, 100.5, root), 1));
        assertThat(itself.error()).contains("is an allowed directory itself");
        assertThat(itself.errFile()).isNull();
        WriteResult control = strict.process(sending(request(10, 100.5, Path.of(root + "/run\\t9.h5")), 1));
        assertThat(control.error()).contains("control character");
        assertThat(files(dir)).containsExactly(root);
        assertThat(files(root)).isEmpty();
    }
}
