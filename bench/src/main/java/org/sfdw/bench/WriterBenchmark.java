package org.sfdw.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.rawevent.RawEventChannel;
import org.sfdw.rawevent.RawEventWriter;
import org.sfdw.spool.query.PulseRange;
import org.sfdw.spool.testing.JavaProcess;
import org.sfdw.workers.core.DataFileWriter;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
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

    private static final long START = 1_000_000;
    /** Queries per measurement: the first warms up, the best of the others is reported (a writer service is warm). */
    private static final int REPEATS = 3;

    private WriterBenchmark() {
    }

    /** One answer: channels x elements per event x pulses. */
    private record Case(int channels, int elements, int pulses) {
        String label() {
            return channels + " x " + (elements == 1 ? "1 (float64)" : elements + " (float32)");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 5 && args[0].equals("measure")) {
            measure(Path.of(args[1]), ResponseFormat.valueOf(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            return;
        }
        Path dir = Path.of(args.length > 0 ? args[0] : "var/bench");
        Files.createDirectories(dir);
        // Pulses (scalars and waveforms), answer size from 10 MB to 1 GB for the memory curve, then channels.
        List<Case> cases = List.of(new Case(10, 1, 1_000), new Case(10, 1, 10_000), new Case(10, 1, 100_000),
                new Case(5, 1024, 175), new Case(5, 1024, 1_000), new Case(5, 1024, 10_000), new Case(5, 1024, 18_000),
                new Case(1, 1024, 2_000), new Case(20, 1024, 2_000));
        System.out.println("| channels x elements | pulses | format | MB | read+discard MB/s | tokenise MB/s "
                + "| writer first MB/s | writer MB/s | writer / limit | peak RSS MiB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Case c : cases) {
            for (ResponseFormat format : ResponseFormat.values()) {
                Path answer = dir.resolve("answer-" + c.channels() + "x" + c.elements() + "-" + c.pulses() + "."
                        + format.queryName());
                if (!Files.exists(answer)) {
                    if (format == ResponseFormat.JSON) {
                        renderJson(answer, c);
                    } else {
                        renderRawEvent(answer, c);
                    }
                }
                System.out.printf("| %s | %d | %s | %s |%n", c.label(), c.pulses(), format.queryName(),
                        child(answer, format, c));
            }
        }
    }

    private static String child(Path answer, ResponseFormat format, Case c) throws IOException, InterruptedException {
        List<String> command = JavaProcess.command(List.of("-Xmx256m"), WriterBenchmark.class, "measure",
                answer.toString(), format.name(), Integer.toString(c.elements()), Integer.toString(c.pulses()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = new String(process.getInputStream().readAllBytes()).strip();
        process.waitFor();
        return result;
    }

    /** Values as long as real ones print (the recorded sample's float32 values take 8-10 digits). */
    private static double value(Case c, int channel, int pulse, int element) {
        return c.elements() == 1 ? Math.sin(pulse * 0.001 + channel) * 1234.5678
                : (float) Math.sin(pulse * 0.01 + element * 0.1 + channel);
    }

    /**
     * Not the simulator's answers: its values are short and exact in JSON, so MB/s measured on them would not
     * compare with real answers.
     */
    private static void renderJson(Path file, Case c) throws IOException {
        try (JsonGenerator out = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            out.writeStartArray();
            for (int ch = 0; ch < c.channels(); ch++) {
                out.writeStartObject();
                out.writeObjectFieldStart("channel");
                out.writeStringField("name", "BENCH:CH" + ch);
                out.writeStringField("backend", "sf-databuffer");
                out.writeEndObject();
                out.writeArrayFieldStart("configs");
                out.writeStartObject();
                out.writeStringField("type", c.elements() == 1 ? "float64" : "float32");
                out.writeArrayFieldStart("shape");
                out.writeNumber(c.elements());
                out.writeEndArray();
                out.writeEndObject();
                out.writeEndArray();
                out.writeArrayFieldStart("data");
                for (int p = 0; p < c.pulses(); p++) {
                    out.writeStartObject();
                    out.writeNumberField("pulseId", START + p);
                    out.writeStringField("globalDate", "2018-06-08T14:04:51.551143344+02:00");
                    out.writeFieldName("value");
                    if (c.elements() == 1) {
                        out.writeNumber(value(c, ch, p, 0));
                    } else {
                        out.writeStartArray();
                        for (int e = 0; e < c.elements(); e++) {
                            out.writeNumber((float) value(c, ch, p, e));
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

    /** The same values in rawevent, big-endian as the recorded sample: one row per pulse, all channels in it. */
    private static void renderRawEvent(Path file, Case c) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            RawEventWriter writer = new RawEventWriter(out, new ObjectMapper());
            List<RawEventChannel> channels = new ArrayList<>();
            for (int ch = 0; ch < c.channels(); ch++) {
                channels.add(new RawEventChannel("BENCH:CH" + ch, "sf-databuffer",
                        c.elements() == 1 ? "float64" : "float32", List.of(c.elements()), ByteOrder.BIG_ENDIAN, false));
            }
            writer.header(channels);
            byte[][] row = new byte[c.channels()][];
            for (int p = 0; p < c.pulses(); p++) {
                for (int ch = 0; ch < c.channels(); ch++) {
                    ByteBuffer value = ByteBuffer.allocate(c.elements() * (c.elements() == 1 ? 8 : 4));
                    for (int e = 0; e < c.elements(); e++) {
                        if (c.elements() == 1) {
                            value.putDouble(value(c, ch, p, e));
                        } else {
                            value.putFloat((float) value(c, ch, p, e));
                        }
                    }
                    row[ch] = value.array();
                }
                writer.row(START + p, 1_528_459_491_551_143_344L + p * 10_000_000L, row);
            }
        }
    }

    /** What a measurement does with the answer's body. */
    private interface Reader {
        void read(InputStream body) throws IOException;
    }

    /** MB/s of the first of {@link #REPEATS} queries, and the best of the others. */
    private static double[] rates(DataApiClient client, double megabytes, Reader reader) throws Exception {
        double first = 0;
        double best = 0;
        for (int run = 0; run < REPEATS; run++) {
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
        return new double[]{first, best};
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
            DataPolicy policy = new DataPolicy(DataPolicy.NoData.ERROR, DataPolicy.IncompleteData.WRITE);
            Optional<PulseRange> range = Optional.of(new PulseRange(START, START + pulses - 1));
            double[] written = rates(client, megabytes, body -> {
                writer.write(parameters, policy, range, body, "bench");
                Files.delete(output);
            });
            double limit = format == ResponseFormat.JSON ? tokenise : discard;
            System.out.printf(Locale.ROOT, "%.0f | %.0f | %s | %.0f | %.0f | %.2f of %s | %d%n", megabytes, discard,
                    format == ResponseFormat.JSON ? String.format(Locale.ROOT, "%.0f", tokenise) : "-", written[0],
                    written[1], written[1] / limit, format == ResponseFormat.JSON ? "tokenise" : "read+discard",
                    peakRssMib());
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
