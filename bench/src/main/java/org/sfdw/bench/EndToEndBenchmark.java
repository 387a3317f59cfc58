package org.sfdw.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code sfdw bench e2e [DIR] [ACQUISITIONS]}: the time from {@code stop_pulse_id} to the renamed file for small
 * acquisitions (100 pulses of a scalar and a float32[256] waveform), with the simulator, the broker (SYNC) and one
 * writer as separate JVMs and a retrieval delay of 0. Acquisitions run one after another. Not a test.
 */
public final class EndToEndBenchmark {

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "var/bench").resolve("e2e");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ServiceProcesses services = new ServiceProcesses(dir, null)) {
            services.start("sim", "-Xmx256m", services.url("SFDW_SIM_ADMIN_PORT", "/healthcheck"));
            services.start("broker", "-Xmx512m", services.url("SFDW_BROKER_PORT", "/status"));
            services.start("writer", "-Xmx256m", services.url("SFDW_WRITER_ADMIN_PORT", "/healthcheck"));
            services.awaitHealthy(services.url("SFDW_BROKER_ADMIN_PORT", "/healthcheck"));
            long[] millis = new long[count];
            for (int run = -3; run < count; run++) {   // three unreported runs warm the JVMs up
                Path output = services.dataDir().resolve(String.format("raw/run_%04d.h5", run + 3));
                String parameters = "{\"general/created\": \"bench\", \"general/user\": \"bench\", "
                        + "\"general/process\": \"bench\", \"general/instrument\": \"bench\", \"output_file\": \""
                        + output + "\", \"channels\": [\"SIM:SCALAR-F64\", \"SIM:WAVE-F32\"]}";
                send(http, services.url("SFDW_BROKER_PORT", "/parameters"), "POST", parameters);
                long start = 1_000_000 + (run + 3) * 1000L;
                send(http, services.url("SFDW_BROKER_PORT", "/start_pulse_id/" + start), "PUT", "");
                long sent = System.nanoTime();
                send(http, services.url("SFDW_BROKER_PORT", "/stop_pulse_id/" + (start + 99)), "PUT", "");
                while (!Files.exists(output)) {
                    if (Files.exists(Path.of(output + ".err"))) {
                        throw new IllegalStateException("the request failed: " + Files.readString(Path.of(output
                                + ".err")));
                    }
                    Thread.onSpinWait();
                }
                if (run >= 0) {
                    millis[run] = (System.nanoTime() - sent) / 1_000_000;
                }
            }
            Arrays.sort(millis);
            System.out.println("| acquisitions | median ms | p90 ms | max ms |");
            System.out.println("|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %d |%n", count, millis[count / 2],
                    millis[Math.min(count - 1, (int) Math.ceil(count * 0.9) - 1)], millis[count - 1]);
        }
    }

    private static void send(HttpClient http, String url, String method, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }
}
