package org.sfdw.ops;

import ch.systemsx.cisd.hdf5.HDF5Factory;
import ch.systemsx.cisd.hdf5.IHDF5Reader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.Poll;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The installation as operators run it: the simulator, the broker and two writers as separate processes started by
 * the launcher with a real configuration file; 20 acquisitions through the REST API; then both kinds of Prometheus
 * endpoint scraped and their counters compared with the files on disk. Runs after {@code package} (it needs the jar).
 */
class OperationsIT {

    private static final Path REPO = LauncherProcesses.REPO;
    private static final int GOOD = 18;
    private static final int FAILING = 2;

    @TempDir
    Path data;

    private final ObjectMapper mapper = new ObjectMapper();
    private LauncherProcesses services;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (services != null) {
            services.close();
        }
    }

    private HttpResponse<String> call(String method, String url, String body) {
        return services.call(method, url, body);
    }

    private boolean answers(String url) {
        return services.answers(url);
    }

    private String url(String portVariable, String path) {
        return services.url(portVariable, path);
    }

    /** Samples without labels by name; samples with labels are summed under their name. */
    private Map<String, Double> scrape(String url) {
        HttpResponse<String> response = call("GET", url, null);
        assertThat(response).as(url).isNotNull();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)");
        response.body().lines().filter(l -> !l.startsWith("#")).forEach(line -> {
            Matcher m = sample.matcher(line);
            if (m.find()) {
                samples.merge(m.group(1), Double.parseDouble(m.group(3)), Double::sum);
            }
        });
        return samples;
    }

    private void acquire(Path output, long start, long stop, String channels) {
        String parameters = "{\"general/created\": \"2026-11-24 10:00:00\", \"general/user\": \"p12345\", "
                + "\"general/process\": \"OperationsIT\", \"general/instrument\": \"sim\", \"output_file\": \""
                + output + "\", \"channels\": [" + channels + "]}";
        assertThat(call("POST", url("SFDW_BROKER_PORT", "/parameters"), parameters).body()).contains("\"ok\"");
        assertThat(call("PUT", url("SFDW_BROKER_PORT", "/start_pulse_id/" + start), "").statusCode()).isEqualTo(200);
        assertThat(call("PUT", url("SFDW_BROKER_PORT", "/stop_pulse_id/" + stop), "").statusCode()).isEqualTo(200);
    }

    private List<Path> files(String suffix) {
        return services.files(suffix);
    }

    @Test
    void twentyAcquisitionsThroughSeparateProcessesAndTheCountersAgreeWithTheFiles() throws Exception {
        services = new LauncherProcesses(data);
        String writer1Admin = Integer.toString(FreePort.pick());
        String writer2Admin = Integer.toString(FreePort.pick());
        services.start("sim", "sim", Map.of());
        services.start("broker", "broker", Map.of());
        services.start("writer1", "writer", Map.of("SFDW_WRITER_ADMIN_PORT", writer1Admin));
        services.start("writer2", "writer", Map.of("SFDW_WRITER_ADMIN_PORT", writer2Admin));
        String writer1 = "http://127.0.0.1:" + writer1Admin;
        String writer2 = "http://127.0.0.1:" + writer2Admin;
        Poll.until(Duration.ofSeconds(120), "all four services to answer", () -> {
            assertThat(services.allAlive()).as("a service exited; see the logs in " + data).isTrue();
            return answers(url("SFDW_SIM_ADMIN_PORT", "/healthcheck")) && answers(url("SFDW_BROKER_PORT", "/status"))
                    && answers(writer1 + "/healthcheck") && answers(writer2 + "/healthcheck");
        });
        Poll.until(Duration.ofSeconds(60), "the broker to hear from both writers", () -> {
            HttpResponse<String> health = call("GET", url("SFDW_BROKER_ADMIN_PORT", "/healthcheck"), null);
            return health != null && health.body().contains("2 writer(s) connected");
        });

        for (int run = 1; run <= GOOD; run++) {
            acquire(data.resolve(String.format("raw/run_%06d.h5", run)), run * 1000L, run * 1000L + 49,
                    "\"SIM:SCALAR-F64\", \"SIM:WAVE-U16\"");
        }
        // SIM:STATUS has data every fourth pulse only: none in 4001..4003, which fails as the original did.
        for (int run = GOOD + 1; run <= GOOD + FAILING; run++) {
            acquire(data.resolve(String.format("raw/run_%06d.h5", run)), 4001, 4003, "\"SIM:STATUS\"");
        }

        Poll.until(Duration.ofSeconds(120), "every request to end in a file or an .err file",
                () -> files(".h5").size() == GOOD && files(".err").size() == FAILING);
        Poll.until(Duration.ofSeconds(60), "the broker to have every outcome", () -> {
            Map<String, Double> broker = scrape(url("SFDW_BROKER_ADMIN_PORT", "/prometheus"));
            return broker.getOrDefault("sfdw_broker_outcomes_written_total", 0.0)
                    + broker.getOrDefault("sfdw_broker_outcomes_failed_total", 0.0) == GOOD + FAILING;
        });

        Map<String, Double> broker = scrape(url("SFDW_BROKER_ADMIN_PORT", "/prometheus"));
        Map<String, Double> first = scrape(writer1 + "/prometheus");
        Map<String, Double> second = scrape(writer2 + "/prometheus");
        List<Path> written = files(".h5");
        List<Path> failed = files(".err");

        assertThat(broker.get("sfdw_broker_acquisitions_total")).isEqualTo(GOOD + FAILING);
        assertThat(broker.get("sfdw_broker_requests_spooled_total")).isEqualTo(GOOD + FAILING);
        assertThat(broker.get("sfdw_broker_outcomes_written_total")).isEqualTo(written.size());
        assertThat(broker.get("sfdw_broker_outcomes_failed_total")).isEqualTo(failed.size());
        assertThat(broker.get("sfdw_broker_writers_connected")).isEqualTo(2);
        assertThat(broker.get("sfdw_broker_forwarder_lag_requests")).isZero();
        assertThat(broker.get("sfdw_broker_requests_in_flight")).isZero();
        assertThat(broker.get("sfdw_broker_disk_spool_free_bytes")).isPositive();
        assertThat(broker.get("sfdw_broker_disk_output_free_bytes")).isPositive();
        assertThat(first.get("sfdw_writer_requests_written_total") + second.get("sfdw_writer_requests_written_total"))
                .isEqualTo(written.size());
        assertThat(first.get("sfdw_writer_requests_failed_total") + second.get("sfdw_writer_requests_failed_total"))
                .isEqualTo(failed.size());
        assertThat(first.get("sfdw_writer_requests_written_total") + first.get("sfdw_writer_requests_failed_total"))
                .as("writer 1 took a share").isPositive();
        assertThat(second.get("sfdw_writer_requests_written_total") + second.get("sfdw_writer_requests_failed_total"))
                .as("writer 2 took a share").isPositive();
        assertThat(first.get("sfdw_writer_download_bytes_total") + second.get("sfdw_writer_download_bytes_total"))
                .isPositive();
        for (Path file : written) {
            try (IHDF5Reader reader = HDF5Factory.openForReading(file.toFile())) {
                assertThat(reader.int64().readArray("/data/SIM:WAVE-U16/pulse_id")).as(file.toString()).hasSize(50);
            }
        }
        assertThat(failed).allSatisfy(err -> assertThat(Files.readString(err)).contains("SIM:STATUS"));

        // Every metric the alert rules use is one the services really export.
        Set<String> used = new TreeSet<>();
        Matcher name = Pattern.compile("sfdw_[a-z_]+").matcher(Files.readString(REPO.resolve(
                "ops/prometheus/sfdw-alerts.yml")));
        while (name.find()) {
            used.add(name.group());
        }
        assertThat(used).hasSizeGreaterThan(5);
        assertThat(broker.keySet()).containsAll(used);

        JsonNode health = mapper.readTree(call("GET", url("SFDW_BROKER_ADMIN_PORT", "/healthcheck"), null).body());
        assertThat(health.get("disk").get("healthy").asBoolean()).as(health.toString()).isTrue();
        assertThat(mapper.readTree(call("GET", writer1 + "/healthcheck", null).body()).get("dataApi").get("message")
                .asText()).endsWith("accepts connections");
    }
}
