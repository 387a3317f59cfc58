package org.sfdw.ops;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** ops/prometheus checked by Prometheus' own promtool: the config loads, and every alert passes its rule tests. */
class PrometheusRulesTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    /** On the PATH, or where {@code ops/bin/sfdw test} unpacks it. */
    private static String promtool() {
        Path unpacked = REPO.resolve("var/tools/usr/bin/promtool");
        if (Files.isExecutable(unpacked)) {
            return unpacked.toString();
        }
        return Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new AssertionError("promtool not found: run ops/bin/sfdw test, which unpacks it "
                        + "into var/tools"));
    }

    private static String run(String... arguments) throws Exception {
        List<String> command = Stream.concat(Stream.of(promtool()), Stream.of(arguments)).toList();
        Process process = new ProcessBuilder(command).directory(REPO.resolve("ops/prometheus").toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void theScrapeConfigAndItsAlertRulesAreValid() throws Exception {
        assertThat(run("check", "config", "prometheus.yml")).contains("SUCCESS: 8 rules found");
    }

    @Test
    void everyAlertFiresOnItsSituationAndNotOnAHealthySystem() throws Exception {
        String rules = Files.readString(REPO.resolve("ops/prometheus/sfdw-alerts.yml"));
        String tests = Files.readString(REPO.resolve("ops/prometheus/sfdw-alerts.test.yml"));
        for (String alert : rules.lines().filter(l -> l.strip().startsWith("- alert: "))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).toList()) {
            assertThat(tests).as("a rule test for " + alert)
                    .contains("alertname: " + alert + "\n        exp_alerts:\n");
        }

        assertThat(run("test", "rules", "sfdw-alerts.test.yml")).contains("SUCCESS");
    }
}
