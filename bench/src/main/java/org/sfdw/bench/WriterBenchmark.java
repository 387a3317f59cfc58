package org.sfdw.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.spool.query.PulseRange;
import org.sfdw.spool.testing.JavaProcess;
import org.sfdw.workers.core.DataFileWriter;
import org.sfdw.workers.core.WarmUp;
import org.sfdw.workers.dataapi.DataApiClient;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.layout.DataPolicy;
import org.sfdw.workers.layout.FileLayout;
import org.sfdw.workers.layout.FileParameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sfdw bench writer [DIR]}: the writer on pre-rendered answers in both response formats (so the simulator is
 * not measured), next to the limits measured on the same answer in the same JVM: reading the HTTP body and discarding
 * it, and (JSON) tokenising it without building numbers. Each case runs in a fresh JVM with the service's heap
 * limit; it prints MB/s, the writer/limit ratio and the peak RSS. Not a test.
 */
public final class WriterBenchmark {

    /**
     * Queries per measurement: the first warms up, the best of the others is reported (a writer service is warm).
     * Answers under a megabyte, whose time is the fixed cost of a file, get more, as a short run varies most.
     */
    private static final int REPEATS = 3;
    private static final int SMALL_REPEATS = 40;

    /**
     * The fixed cost of a file (one pulse of 10 channels), pulses (scalars and waveforms), answer size from 10 MB to
     * 1 GB for the memory curve, then channels, then the scalar-heavy acquisition beamlines make most (100 channels).
     */
    private static final List<RenderedAnswer> DEFAULT_CASES = List.of(new RenderedAnswer(10, 1, 1),
            new RenderedAnswer(10, 1, 1_000),
            new RenderedAnswer(10, 1, 10_000), new RenderedAnswer(10, 1, 100_000), new RenderedAnswer(100, 1, 10_000),
            new RenderedAnswer(5, 1024, 175), new RenderedAnswer(5, 1024, 1_000), new RenderedAnswer(5, 1024, 5_000),
            new RenderedAnswer(5, 1024, 10_000), new RenderedAnswer(5, 1024, 18_000),
            new RenderedAnswer(1, 1024, 2_000), new RenderedAnswer(20, 1024, 2_000));

    private WriterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 5 && args[0].equals("measure")) {
            measure(Path.of(args[1]), ResponseFormat.valueOf(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            return;
        }
        Path dir = Path.of(args.length > 0 ? args[0] : "var/bench");
        Files.createDirectories(dir);
        List<RenderedAnswer> cases = args.length > 1 ? RenderedAnswer.parseAll(List.of(args).subList(1, args.length))
                : DEFAULT_CASES;
        System.out.println("| channels x elements | pulses | format | MB | read+discard MB/s | tokenise MB/s "
                + "| warm-up ms | writer first ms | writer ms | writer MB/s | writer / limit | first / warm "
                + "| peak RSS MiB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (RenderedAnswer c : cases) {
            for (ResponseFormat format : ResponseFormat.values()) {
                Path answer = dir.resolve("answer-" + c.key() + "." + format.queryName());
                if (!Files.exists(answer)) {
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(answer), 1 << 20)) {
                        if (format == ResponseFormat.JSON) {
                            c.writeJson(out);
                        } else {
                            c.writeRawEvent(out);
                        }
                    }
                }
                System.out.printf("| %s | %d | %s | %s |%n", c.label(), c.pulses(), format.queryName(),
                        child(answer, format, c));
            }
        }
    }

    private static String child(Path answer, ResponseFormat format, RenderedAnswer c)
            throws IOException, InterruptedException {
        List<String> command = JavaProcess.command(List.of("-Xmx256m"), WriterBenchmark.class, "measure",
                answer.toString(), format.name(), Integer.toString(c.elements()), Integer.toString(c.pulses()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new String(process.getInputStream().readAllBytes()).strip().lines().toList();
        process.waitFor();
        // The measurement is the last line; what the writer logs before it (its warm-up) goes where logs go.
        lines.subList(0, Math.max(0, lines.size() - 1)).forEach(System.err::println);
        return lines.isEmpty() ? "(no result)" : lines.get(lines.size() - 1);
    }

    /** What a measurement does with the answer's body. */
    private interface Reader {
        void read(InputStream body) throws IOException;
    }

    /** MB/s of the first of the queries, and the best of the others; then the best time in ms. */
    private static double[] rates(DataApiClient client, double megabytes, Reader reader) throws Exception {
        double first = 0;
        double best = 0;
        int repeats = megabytes < 1 ? SMALL_REPEATS : REPEATS;
        for (int run = 0; run < repeats; run++) {
            long started = System.nanoTime();
            client.query("{}", body -> {
                reader.read(body);
                return null;
            });
            double rate = megabytes / ((System.nanoTime() - started) / 1e9);
            if (run == 0) {
                first = rate;
            } else {
                best = Math.max(best, rate);
            }
        }
        return new double[]{first, best, megabytes / best * 1e3};
    }

    private static void measure(Path answer, ResponseFormat format, int elements, int pulses) throws Exception {
        Path output = Files.createTempDirectory("sfdw-bench").resolve("bench.h5");
        ObjectMapper mapper = new ObjectMapper();
        try (FileAnswerServer server = new FileAnswerServer(answer)) {
            DataApiClient client = new DataApiClient(DataApiClient.defaultHttpClient(Duration.ofSeconds(5)),
                    URI.create("http://127.0.0.1:" + server.port() + "/sf/query"),
                    Duration.ofSeconds(60), Duration.ofSeconds(60), mapper);
            double megabytes = Files.size(answer) / 1e6;
            double discard = rates(client, megabytes, body -> body.transferTo(OutputStream.nullOutputStream()))[1];
            double tokenise = 0;
            if (format == ResponseFormat.JSON) {
                JsonFactory factory = new JsonFactory();
                tokenise = rates(client, megabytes, body -> {
                    try (JsonParser parser = factory.createParser(body)) {
                        while (parser.nextToken() != null) {
                            // Tokens only: numbers are scanned but never converted.
                        }
                    }
                })[1];
            }
            FileParameters parameters = new FileParameters(output, Map.of("created", "now", "instrument", "bench",
                    "process", "bench", "user", "bench"), FileLayout.EXTENDED, Optional.empty(), Optional.empty());
            DataFileWriter writer = new DataFileWriter(format.parser(mapper, ZoneId.of("Europe/Zurich")));
            // As a writer service does before its first request (warmUpRounds' default).
            Duration warmUp = new WarmUp(writer, format, mapper, 3).run();
            DataPolicy policy = new DataPolicy(DataPolicy.NoData.ERROR, DataPolicy.IncompleteData.WRITE);
            long first = RenderedAnswer.FIRST_PULSE;
            Optional<PulseRange> range = Optional.of(new PulseRange(first, first + pulses - 1));
            double[] written = rates(client, megabytes, body -> {
                writer.write(parameters, policy, range, body, "bench");
                Files.delete(output);
            });
            double limit = format == ResponseFormat.JSON ? tokenise : discard;
            double firstMs = megabytes / written[0] * 1e3;
            System.out.printf(Locale.ROOT, "%s | %.0f | %s | %d | %.1f | %.1f | %.0f | %.2f of %s | %.1fx | %d%n",
                    megabytes < 1 ? String.format(Locale.ROOT, "%.4f", megabytes)
                            : String.format(Locale.ROOT, "%.0f", megabytes), discard,
                    format == ResponseFormat.JSON ? String.format(Locale.ROOT, "%.0f", tokenise) : "-",
                    warmUp.toMillis(), firstMs, written[2], written[1], written[1] / limit,
                    format == ResponseFormat.JSON ? "tokenise" : "read+discard", firstMs / written[2], peakRssMib());
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(output.getParent());
        }
    }

    private static long peakRssMib() throws IOException {
        return ProcStatus.kib(ProcessHandle.current().pid(), "VmHWM") / 1024;
    }
}
