package org.sfdw.service;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DropwizardSnapshotsTest {

    /**
     * The text Prometheus' own bridge (instrumentation-dropwizard 1.4.3 with its text format 1.4.3) gave for the
     * registry built below, captured before it was replaced; only its HELP lines are left out (they named lambda
     * classes).
     */
    private static String bridgeOf143() throws IOException {
        try (InputStream in = DropwizardSnapshotsTest.class.getResourceAsStream("/prometheus/bridge-1.4.3.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static MetricRegistry everyKind() {
        MetricRegistry m = new MetricRegistry();
        m.counter("sfdw.broker.requests.spooled").inc(3);
        m.counter("odd-name:with spaces.and/slash").inc();
        m.register("g.int", (Gauge<Integer>) () -> 7);
        m.register("g.long", (Gauge<Long>) () -> -5L);
        m.register("g.double", (Gauge<Double>) () -> 0.25);
        m.register("g.float", (Gauge<Float>) () -> 1.5f);
        m.register("g.bool", (Gauge<Boolean>) () -> true);
        m.register("g.string", (Gauge<String>) () -> "x");
        m.register("g.nan", (Gauge<Double>) () -> Double.NaN);
        m.register("g.null", (Gauge<Long>) () -> null);
        m.meter("x.meter").mark(5);
        Timer timer = m.register("x.timer", new Timer(new SlidingWindowReservoir(10)));
        Histogram histogram = m.register("x.histo", new Histogram(new SlidingWindowReservoir(10)));
        for (int i = 1; i <= 10; i++) {
            timer.update(i, TimeUnit.MILLISECONDS);
            histogram.update(i * 100);
        }
        m.timer("y.timer");
        m.histogram("y.histo");
        m.counter("z.c.total").inc();
        return m;
    }

    private static String scrape(MetricRegistry metrics) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DropwizardSnapshots(metrics, name -> !name.endsWith(".total")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String withoutHelp(String text) {
        return text.lines().filter(line -> !line.startsWith("# HELP ")).map(line -> line + "\n")
                .collect(Collectors.joining());
    }

    @Test
    void exportsWhatPrometheusOwnBridgeExportedUnderTheSameNames() throws IOException {
        assertThat(withoutHelp(scrape(everyKind()))).isEqualTo(bridgeOf143());
    }

    @Test
    void helpNamesTheDropwizardMetric() throws IOException {
        assertThat(scrape(everyKind())).contains("# HELP x_timer Dropwizard timer x.timer\n",
                "# HELP sfdw_broker_requests_spooled_total Dropwizard counter sfdw.broker.requests.spooled\n");
    }

    @Test
    void namesThatCollideOnceSanitisedLeaveOneOutInsteadOfFailingTheScrape() throws IOException {
        MetricRegistry metrics = new MetricRegistry();
        metrics.counter("a.b").inc(1);
        metrics.counter("a-b").inc(2);
        metrics.register("g", (Gauge<Long>) () -> 4L);

        String text = scrape(metrics);

        assertThat(text.lines().filter(line -> line.startsWith("a_b_total ")).toList()).hasSize(1);
        assertThat(text).contains("g 4.0\n");
    }

    @Test
    void aGaugeThatThrowsIsAbsentAndTheOthersAreScraped() throws IOException {
        MetricRegistry metrics = new MetricRegistry();
        metrics.register("broken", (Gauge<Long>) () -> {
            throw new IllegalStateException("closed");
        });
        metrics.register("fine", (Gauge<Long>) () -> 1L);

        String text = scrape(metrics);

        assertThat(text).doesNotContain("broken").contains("fine 1.0\n");
    }

    @Test
    void namesStartingWithADigitAreMadeLegal() {
        assertThat(DropwizardSnapshots.sanitise("9lives.x")).isEqualTo("_9lives_x");
        assertThat(DropwizardSnapshots.sanitise("jvm.memory.heap")).isEqualTo("jvm_memory_heap");
    }
}
