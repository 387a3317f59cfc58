package org.sfdw.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code sfdw bench broker [DIR] [SECONDS]}: {@code stop_pulse_id} latency and sustained acquisitions per second with
 * SYNC, ASYNC and NONE spool durability. The broker runs as its own JVM; a load generator on loopback sends
 * {@code start_pulse_id} + {@code stop_pulse_id} pairs (the API has one acquisition at a time), first at a fixed
 * 200 per second, then as fast as answers come. Each acquisition spools one write request. Not a test.
 */
public final class BrokerBenchmark {

    private static final int RATE = 200;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ServiceProcesses services;
    private long pulse = 1_000_000;

    private BrokerBenchmark(ServiceProcesses services) {
        this.services = services;
    }

    private static final String SMALL_FOOTPRINT = "-Xmx512m -Xms32m -XX:+UseSerialGC";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "var/bench").resolve("broker");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.println("| durability | client | load | acquisitions | per second | stop median ms | stop p99 ms "
                + "| stop max ms |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        String idle = "-";
        for (String durability : new String[]{"SYNC", "ASYNC", "NONE"}) {
            try (ServiceProcesses services = new ServiceProcesses(dir.resolve(durability.toLowerCase(Locale.ROOT)),
                    new String[]{"durability: SYNC ", "durability: " + durability + " "})) {
                services.start("broker", "-Xmx512m", services.url("SFDW_BROKER_PORT", "/status"));
                BrokerBenchmark bench = new BrokerBenchmark(services);
                if (durability.equals("SYNC")) {
                    // Started as the unit starts it (its -Xmx512m) and not yet called: what an idle broker holds.
                    idle = services.peakRssKib("broker") / 1024 + " MiB peak, " + services.residentMib("broker")
                            + " MiB anonymous / file-backed";
                }
                bench.parameters(services.dataDir());
                bench.run(seconds / 2, 0);   // warm-up, not reported
                System.out.println("| " + durability + " | JDK | " + RATE + "/s | " + bench.run(seconds, RATE) + " |");
                System.out.println("| " + durability + " | JDK | as fast as answered | " + bench.run(seconds, 0)
                        + " |");
                if (durability.equals("SYNC")) {
                    PythonClient python = new PythonClient(services, dir);
                    python.run(seconds / 2, 0, "stop", bench.nextPulses()); // warm-up, not reported
                    System.out.println("| SYNC | Python requests.Session | " + RATE + "/s | "
                            + python.run(seconds, RATE, "stop", bench.nextPulses()) + " |");
                    System.out.println("| SYNC | Python requests.Session | as fast as answered | "
                            + python.run(seconds, 0, "stop", bench.nextPulses()) + " |");
                    System.out.println("| SYNC | Python requests.Session | closed loop: parameters + start + stop |"
                            + " " + python.run(seconds, 0, "cycle", bench.nextPulses()) + " |");
                    System.out.println("| SYNC | Python http.client (one connection) | closed loop: parameters + start"
                            + " + stop | " + python.run(seconds, 0, "cycle-http.client", bench.nextPulses()) + " |");
                    System.out.println("| SYNC | Python urllib3 (one pooled connection, the library under requests) "
                            + "| closed loop: parameters + start + stop | "
                            + python.run(seconds, 0, "cycle-urllib3", bench.nextPulses()) + " |");
                    try (InstantHttpServer instant = new InstantHttpServer()) {
                        System.out.println("| - (a server that answers at once: the client's own ceiling) | Python "
                                + "requests.Session | closed loop: parameters + start + stop | "
                                + python.run(instant.url(), seconds, 0, "cycle", bench.nextPulses()) + " |");
                    }
                    // The same HTTP round trip without the spool: what the machine, Jetty and the client cost alone.
                    System.out.println("| (GET /status instead of stop) | JDK | " + RATE + "/s | "
                            + bench.runStatus(seconds) + " |");
                }
            }
        }
        // The footprint the README offers instead (broker.env): a serial collector and a small initial heap.
        String small;
        try (ServiceProcesses services = new ServiceProcesses(dir.resolve("footprint"), null)) {
            services.start("broker", SMALL_FOOTPRINT, services.url("SFDW_BROKER_PORT", "/status"));
            small = services.peakRssKib("broker") / 1024 + " MiB peak, " + services.residentMib("broker")
                    + " MiB anonymous / file-backed";
        }
        System.out.println();
        System.out.println("Idle broker, SYNC, started with -Xmx512m as sfdw-broker.service starts it: " + idle);
        System.out.println("Idle broker, SYNC, started with " + SMALL_FOOTPRINT + ": " + small);
    }

    /** A pulse range far from the ones used so far, for another client. */
    private long nextPulses() {
        pulse += 100_000_000L;
        return pulse;
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException,
            InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(services.url("SFDW_BROKER_PORT",
                        path))).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response;
    }

    /** The acquisition's parameters, for both clients: one scalar channel into {@code dir}/raw/run.h5. */
    static String parametersBody(Path dir) {
        return "{\"general/created\": \"bench\", \"general/user\": \"bench\", \"general/process\": \"bench\", "
                + "\"general/instrument\": \"bench\", \"output_file\": \"" + dir.toAbsolutePath().resolve("raw/run.h5")
                + "\", \"channels\": [\"SIM:SCALAR-F64\"]}";
    }

    private void parameters(Path dir) throws IOException, InterruptedException {
        call("POST", "/parameters", parametersBody(dir));
    }

    /** One measured call: what comes before the timed part is its own business. */
    private interface TimedCall {
        /** @return nanoseconds of the part that is measured */
        long call() throws IOException, InterruptedException;
    }

    /** The same HTTP round trip without the spool, at the fixed rate. */
    private String runStatus(int seconds) throws IOException, InterruptedException {
        return measure(seconds, RATE, () -> {
            long sent = System.nanoTime();
            http.send(HttpRequest.newBuilder(URI.create(services.url("SFDW_BROKER_PORT", "/status"))).build(),
                    HttpResponse.BodyHandlers.discarding());
            return System.nanoTime() - sent;
        });
    }

    /**
     * @param rate acquisitions per second, or 0 for as fast as the broker answers
     * @return the table cells: acquisitions, per second, median, p99 and max of stop_pulse_id in ms
     */
    private String run(int seconds, int rate) throws IOException, InterruptedException {
        return measure(seconds, rate, () -> {
            call("PUT", "/start_pulse_id/" + pulse, "");
            long sent = System.nanoTime();
            call("PUT", "/stop_pulse_id/" + (pulse + 99), "");
            pulse += 100;
            return System.nanoTime() - sent;
        });
    }

    /** Calls for {@code seconds}, at {@code rate} per second or (0) back to back; count, rate and latencies. */
    private static String measure(int seconds, int rate, TimedCall call) throws IOException, InterruptedException {
        long[] latencies = new long[Math.max(1, seconds) * (rate > 0 ? rate + 10 : 20_000)];
        int n = 0;
        long started = System.nanoTime();
        long end = started + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end && n < latencies.length) {
            long wait = rate > 0 ? started + n * 1_000_000_000L / rate - System.nanoTime() : 0;
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            latencies[n++] = call.call();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%d | %.0f | %.2f | %.2f | %.2f", n, n / elapsed, sorted[n / 2] / 1e6,
                sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6, sorted[n - 1] / 1e6);
    }
}
