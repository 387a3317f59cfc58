package org.sfdw.ops.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.spool.query.PulseRange;
import org.sfdw.workers.core.DataApiClient;
import org.sfdw.workers.core.DataApiResponseParser;
import org.sfdw.workers.core.DataFileWriter;
import org.sfdw.workers.core.DataPolicy;
import org.sfdw.workers.core.FileLayout;
import org.sfdw.workers.core.FileParameters;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sfdw bench writer [DIR]}: the writer's JSON path on pre-rendered answers (so the simulator is not measured),
 * each case in a fresh JVM with the service's heap limit, reporting MB/s of JSON and the peak RSS. Not a test.
 */
public final class WriterBenchmark {

    private static final long START = 1_000_000;
    /**
     * Queries per JVM: the first shows a fresh writer (JIT warm-up included); the later ones show a writer service
     * that has been running, which is how writers are used.
     */
    private static final int REPEATS = 3;

    private WriterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("measure")) {
            measure(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        Path dir = Path.of(args.length > 0 ? args[0] : "var/bench");
        Files.createDirectories(dir);
        // The last case is the writer issue's 700 MB answer, whose peak RSS must stay under 512 MiB.
        int[][] cases = {{10, 1, 1_000}, {10, 1, 10_000}, {10, 1, 100_000}, {5, 1024, 1_000}, {5, 1024, 10_000},
            {5, 1024, 12_500}};
        System.out.println("| channels x elements | pulses | JSON MB | first query s | first MB/s | warm MB/s (best of "
                + (REPEATS - 1) + ") | peak RSS MiB |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int[] c : cases) {
            Path answer = dir.resolve("answer-" + c[0] + "x" + c[1] + "-" + c[2] + ".json");
            if (!Files.exists(answer)) {
                render(answer, c[0], c[1], c[2]);
            }
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx256m");
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-") || a.startsWith("-Djava.library.path")).toList());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), WriterBenchmark.class.getName(),
                    "measure", answer.toString(), Integer.toString(c[1]), Integer.toString(c[2])));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String result = new String(process.getInputStream().readAllBytes()).strip();
            process.waitFor();
            System.out.printf("| %d x %d | %d | %s |%n", c[0], c[1], c[2], result);
        }
    }

    /**
     * An answer with numbers as long as real ones (the recorded sample's float32 values print 8-10 digits). Not the
     * simulator's: its values are short and exact in JSON, so MB/s measured on them would not compare with real
     * answers.
     */
    private static void render(Path file, int channels, int elements, int pulses) throws IOException {
        try (JsonGenerator out = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            out.writeStartArray();
            for (int c = 0; c < channels; c++) {
                out.writeStartObject();
                out.writeObjectFieldStart("channel");
                out.writeStringField("name", "BENCH:CH" + c);
                out.writeStringField("backend", "sf-databuffer");
                out.writeEndObject();
                out.writeArrayFieldStart("configs");
                out.writeStartObject();
                out.writeStringField("type", elements == 1 ? "float64" : "float32");
                out.writeArrayFieldStart("shape");
                out.writeNumber(elements);
                out.writeEndArray();
                out.writeEndObject();
                out.writeEndArray();
                out.writeArrayFieldStart("data");
                for (int p = 0; p < pulses; p++) {
                    out.writeStartObject();
                    out.writeNumberField("pulseId", START + p);
                    out.writeStringField("globalDate", "2018-06-08T14:04:51.551143344+02:00");
                    out.writeFieldName("value");
                    if (elements == 1) {
                        out.writeNumber(Math.sin(p * 0.001 + c) * 1234.5678);
                    } else {
                        out.writeStartArray();
                        for (int e = 0; e < elements; e++) {
                            out.writeNumber((float) Math.sin(p * 0.01 + e * 0.1 + c));
                        }
                        out.writeEndArray();
                    }
                    out.writeEndObject();
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
        }
    }

    private static void measure(Path answer, int elements, int pulses) throws Exception {
        Path output = Files.createTempDirectory("sfdw-bench").resolve("bench.h5");
        try (FileAnswerServer server = new FileAnswerServer(answer)) {
            ObjectMapper mapper = new ObjectMapper();
            DataApiClient client = new DataApiClient(DataApiClient.defaultHttpClient(Duration.ofSeconds(5)),
                    URI.create("http://127.0.0.1:" + server.port() + "/sf/query"),
                    Duration.ofSeconds(60), Duration.ofSeconds(60), mapper);
            FileParameters parameters = new FileParameters(output, Map.of("created", "now", "instrument", "bench",
                    "process", "bench", "user", "bench"), FileLayout.EXTENDED, Optional.empty(), Optional.empty());
            DataFileWriter writer = new DataFileWriter(new DataApiResponseParser());
            double megabytes = Files.size(answer) / 1e6;
            double first = 0;
            double best = Double.MAX_VALUE;
            for (int run = 0; run < REPEATS; run++) {
                long started = System.nanoTime();
                client.query("{}", body -> writer.write(parameters,
                        new DataPolicy(DataPolicy.NoData.ERROR, DataPolicy.IncompleteData.WRITE),
                        Optional.of(new PulseRange(START, START + pulses - 1)), body, "bench"));
                double seconds = (System.nanoTime() - started) / 1e9;
                if (run == 0) {
                    first = seconds;
                } else {
                    best = Math.min(best, seconds);
                }
                Files.delete(output);
            }
            System.out.printf("%.0f | %.2f | %.0f | %.0f | %d%n", megabytes, first, megabytes / first,
                    megabytes / best, peakRssMib());
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(output.getParent());
        }
    }

    private static long peakRssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
