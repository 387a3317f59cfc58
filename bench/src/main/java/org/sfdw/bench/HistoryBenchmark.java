package org.sfdw.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.ingest.delivery.OutcomeJournal;
import org.sfdw.spool.Durability;
import org.sfdw.spool.Spool;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.forward.Forwarder;
import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.spool.store.MovableClock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code sfdw bench history [DIR] [SIZES]}: a broker that has run for years. Builds histories of 10^4, 10^5 and
 * 10^6 requests (or the sizes given, comma-separated) with the project's own {@link Spool#appendAll} and
 * {@link OutcomeJournal#appendAll}: 1000 requests a day (500 acquisitions of two requests), each sent, received
 * and written with a report of its 10 channels, spread over as many days as that takes. Then it starts a real
 * broker on each, and on an empty spool in the same run, and reports start-up (process start to the first 200 on
 * {@code /status}), {@code GET /requests/<oldest|middle|newest>} median and p99 (after a warm-up of the same
 * lookups; the empty broker answers as many {@code GET /status}), and peak RSS right after start-up and after the
 * lookups, with the anonymous (heap) and file-backed (mapped queue files) parts at the end. With
 * {@code BENCH_KEEP_HISTORY} set, built histories are kept and reused by the next run. Not a test.
 */
public final class HistoryBenchmark {

    private static final int PER_DAY = 1000;
    private static final int CHANNELS = 10;
    private static final int LOOKUPS = 1000;
    private static final int STARTS = 3;
    private static final long DAY = TimeUnit.DAYS.toMillis(1);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "var/bench").resolve("history");
        List<Integer> sizes = args.length > 1 ? Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList()
                : List.of(10_000, 100_000, 1_000_000);
        new HistoryBenchmark().run(dir, sizes);
    }

    private void run(Path dir, List<Integer> sizes) throws Exception {
        System.out.println("| history | days | spool + journal on disk | first start-up s (index built) | start-up s (median of 3) "
                + "| GET oldest median / p99 ms | GET middle median / p99 ms | GET newest median / p99 ms "
                + "| peak RSS MiB, started | peak RSS MiB, after the lookups | RSS anon / file MiB at the end |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        System.out.println(measure(dir.resolve("empty"), 0));
        for (int size : sizes) {
            System.out.println(measure(dir.resolve(Integer.toString(size)), size));
        }
    }

    private String measure(Path dir, int requests) throws Exception {
        Path builtMark = dir.resolve("built");
        if (!Files.exists(builtMark)) {
            deleteTree(dir);
        }
        try (ServiceProcesses services = new ServiceProcesses(dir, null)) {
            Path spool = services.dataDir().resolve("spool");
            if (Files.exists(builtMark)) {
                // Built by an earlier run (BENCH_KEEP_HISTORY): back to the state the builder left.
                deleteTree(OutcomeJournal.directoryOf(spool).resolve("index"));
                System.err.printf("history %d: reused from %s%n", requests, dir);
            } else {
                long built = System.nanoTime();
                build(spool, requests);
                System.err.printf(Locale.ROOT, "history %d: built in %.1f s%n", requests,
                        (System.nanoTime() - built) / 1e9);
                if (System.getenv("BENCH_KEEP_HISTORY") != null) {
                    Files.writeString(builtMark, "built by sfdw bench history\n");
                }
            }
            long bytes = sizeOf(spool);
            // The builder's garbage and compilations are not the broker's start-up: let this JVM settle first.
            System.gc();
            Thread.sleep(3000);
            // The first start on a history without a status index (as after an upgrade) builds it from the journal.
            long started = System.nanoTime();
            services.start("broker", "-Xmx512m", services.url("SFDW_BROKER_PORT", "/status"));
            double first = (System.nanoTime() - started) / 1e9;
            double[] starts = new double[STARTS];
            for (int i = 0; i < STARTS; i++) {
                services.stop("broker");
                started = System.nanoTime();
                services.start("broker", "-Xmx512m", services.url("SFDW_BROKER_PORT", "/status"));
                starts[i] = (System.nanoTime() - started) / 1e9;
            }
            Arrays.sort(starts);
            double startup = starts[STARTS / 2];
            long rssStarted = services.peakRssKib("broker") / 1024;
            warmUp(services, requests);
            String oldest = requests == 0 ? "-" : lookups(services, 1);
            String middle = requests == 0 ? "-" : lookups(services, requests / 2);
            String newest = requests == 0 ? "-" : lookups(services, requests);
            long rss = services.peakRssKib("broker") / 1024;
            String resident = services.residentMib("broker");
            return String.format(Locale.ROOT, "| %s | %d | %d MiB | %.2f | %.2f | %s | %s | %s | %d | %d | %s |",
                    requests == 0 ? "empty" : String.format(Locale.ROOT, "%,d requests", requests),
                    (requests + PER_DAY - 1) / PER_DAY, bytes >> 20, first, startup, oldest, middle, newest,
                    rssStarted, rss, resident);
        }
    }

    /** Spool and journal as a broker would have left them: every request written, the forwarder past all. */
    private static void build(Path spoolDir, int requests) {
        if (requests == 0) {
            return;
        }
        OutcomeCodec codec = new OutcomeCodec(new ObjectMapper());
        long firstDay = System.currentTimeMillis() - (long) ((requests + PER_DAY - 1) / PER_DAY + 1) * DAY;
        MovableClock clock = new MovableClock(firstDay);
        List<ChannelReport> report = IntStream.range(0, CHANNELS)
                .mapToObj(c -> new ChannelReport("SAR-BENCH:CHANNEL-" + c, 1000, 1000, 0, 999, 1, 0, 0, 0)).toList();
        Spool.Settings settings = new Spool.Settings(Durability.NONE, 16L << 20, Duration.ofMinutes(1));
        try (Spool spool = Spool.open(spoolDir, settings, clock);
             OutcomeJournal journal = OutcomeJournal.open(OutcomeJournal.directoryOf(spoolDir), settings, codec,
                     clock)) {
            long id = 0;
            for (int day = 0; id < requests; day++) {
                long now = firstDay + day * DAY + TimeUnit.HOURS.toMillis(8);
                clock.set(now);
                List<WriteRequest> batch = new ArrayList<>();
                for (int i = 0; i < PER_DAY && id + batch.size() < requests; i++) {
                    batch.add(request(id + batch.size() + 1));
                }
                List<WriteRequest> spooled = new ArrayList<>();
                for (int from = 0; from < batch.size(); from += 100) {
                    spooled.addAll(spool.appendAll(batch.subList(from, Math.min(batch.size(), from + 100))));
                }
                List<Outcome> outcomes = new ArrayList<>();
                for (WriteRequest r : spooled) {
                    String file = "/sf/bench/data/run_" + r.id() + ".h5";
                    outcomes.add(Outcome.of(r.id(), Outcome.Kind.SENT, "broker", now));
                    outcomes.add(Outcome.of(r.id(), Outcome.Kind.RECEIVED, "bench~boot~pidns~1", now + 5));
                    outcomes.add(new Outcome(r.id(), Outcome.Kind.WRITTEN, "bench~boot~pidns~1", now + 2000, file,
                            null, null, report));
                    if (outcomes.size() >= 300) {
                        journal.appendAll(outcomes);
                        outcomes.clear();
                    }
                }
                journal.appendAll(outcomes);
                id += spooled.size();
                if (day % 100 == 99) {
                    System.err.printf("history %d: %d requests built%n", requests, id);
                }
            }
            spool.positionNamedTailer(Forwarder.TAILER_NAME, spool.lastId() + 1);
            // What a broker running all that time would have done hour by hour.
            spool.sealClosedFiles();
            journal.sealClosedFiles();
        }
    }

    /** A typical beamline request: ten scalar channels, the original's parameters. */
    private static WriteRequest request(long n) {
        String channels = IntStream.range(0, CHANNELS)
                .mapToObj(c -> "{\"name\": \"SAR-BENCH:CHANNEL-" + c + "\", \"backend\": \"sf-databuffer\"}")
                .collect(Collectors.joining(", "));
        long start = 10_000_000_000L + n * 1000;
        String query = "{\"channels\": [" + channels + "], \"range\": {\"startPulseId\": " + start
                + ", \"endPulseId\": " + (start + 999) + "}, \"response\": {\"format\": \"json\", \"compression\": "
                + "\"none\"}, \"mapping\": {\"incomplete\": \"fill-null\"}, \"eventFields\": [\"channel\", "
                + "\"pulseId\", \"value\", \"shape\", \"globalDate\"], \"configFields\": [\"type\", \"shape\"]}";
        String parameters = "{\"general/created\": \"2026-01-01T08:00:00\", \"general/user\": \"p12345\", "
                + "\"general/process\": \"bench\", \"general/instrument\": \"bench\", \"output_file\": "
                + "\"/sf/bench/data/run_" + n + ".h5\"}";
        return new WriteRequest(WriteRequest.NO_ID, 1.7e9 + n, query, parameters);
    }

    /**
     * The measured lookups, twice over, not measured: a running broker has its code compiled. The empty broker answers
     * as many {@code GET /status} instead (a lookup that finds nothing costs an exception, which is no baseline).
     */
    private void warmUp(ServiceProcesses services, int requests) throws IOException, InterruptedException {
        for (int i = 0; i < LOOKUPS * 6; i++) {
            long[] ids = {1, Math.max(1, requests / 2), requests};
            String path = requests == 0 ? "/status" : "/requests/" + ids[i % 3];
            http.send(HttpRequest.newBuilder(URI.create(services.url("SFDW_BROKER_PORT", path))).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    /** Median and p99 of {@code GET /requests/<id>}, in ms. */
    private String lookups(ServiceProcesses services, long id) throws IOException, InterruptedException {
        URI uri = URI.create(services.url("SFDW_BROKER_PORT", "/requests/" + id));
        long[] nanos = new long[LOOKUPS];
        for (int i = 0; i < LOOKUPS; i++) {
            long sent = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - sent;
            if (response.statusCode() != 200 || !response.body().contains("\"status\": \"written\"")) {
                throw new IllegalStateException("GET /requests/" + id + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        }
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "%.2f / %.2f", nanos[LOOKUPS / 2] / 1e6,
                nanos[(int) Math.ceil(LOOKUPS * 0.99) - 1] / 1e6);
    }

    private static long sizeOf(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        // Blocks in use, not apparent sizes: Chronicle's files are sparse.
        Process du = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes()).trim();
        try {
            du.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Long.parseLong(out.split("\\s+")[0]) * 1024;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
