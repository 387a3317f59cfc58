package org.sfdw.service;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A service's Dropwizard metrics as Prometheus snapshots, read at each scrape. It exports what Prometheus' own
 * bridge (instrumentation-dropwizard 1.4, which does not resolve for current versions) exported, under the same
 * names, so that dashboards and the alert rules in {@code ops/prometheus} keep working: counters and meters as
 * counters ({@code _total}), numeric and boolean gauges as gauges, histograms and timers (in seconds) as summaries
 * with six quantiles and a count. Unlike it, two metrics whose names collide once sanitised do not fail the whole
 * scrape: the second is left out, and said once in the log.
 */
final class DropwizardSnapshots implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(DropwizardSnapshots.class);
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
    private static final double SECONDS_PER_NANO = 1.0 / TimeUnit.SECONDS.toNanos(1);

    private final MetricRegistry metrics;
    private final Predicate<String> exported;
    private final Set<String> reportedCollisions = ConcurrentHashMap.newKeySet();

    DropwizardSnapshots(MetricRegistry metrics, Predicate<String> exported) {
        this.metrics = metrics;
        this.exported = exported;
    }

    @Override
    public MetricSnapshots collect() {
        Family families = new Family();
        metrics.getGauges((name, metric) -> exported.test(name)).forEach(families::gauge);
        metrics.getCounters((name, metric) -> exported.test(name)).forEach(families::counter);
        metrics.getMeters((name, metric) -> exported.test(name)).forEach(families::meter);
        metrics.getHistograms((name, metric) -> exported.test(name)).forEach(families::histogram);
        metrics.getTimers((name, metric) -> exported.test(name)).forEach(families::timer);
        return families.snapshots.build();
    }

    /** One scrape's snapshots, with the names already taken. */
    private final class Family {
        private final MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        private final Set<String> taken = new HashSet<>();

        void gauge(String name, Gauge<?> gauge) {
            Object value;
            try {
                value = gauge.getValue();
            } catch (RuntimeException e) {
                return; // a gauge that cannot answer now is absent from this scrape, as with a missing value
            }
            double number;
            if (value instanceof Number n) {
                number = n.doubleValue();
            } else if (value instanceof Boolean b) {
                number = b ? 1 : 0;
            } else {
                return;
            }
            String prometheus = sanitise(name);
            add(name, prometheus, GaugeSnapshot.builder().name(prometheus).help(help(name, "gauge"))
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(number).build()).build());
        }

        void counter(String name, Counter counter) {
            count(name, "counter", counter.getCount());
        }

        void meter(String name, Meter meter) {
            count(name, "meter", meter.getCount());
        }

        private void count(String name, String kind, long count) {
            String prometheus = withoutTotal(sanitise(name));
            add(name, prometheus, CounterSnapshot.builder().name(prometheus).help(help(name, kind))
                    .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(count).build()).build());
        }

        void histogram(String name, Histogram histogram) {
            summary(name, "histogram", histogram.getSnapshot(), histogram.getCount(), 1.0);
        }

        void timer(String name, Timer timer) {
            summary(name, "timer", timer.getSnapshot(), timer.getCount(), SECONDS_PER_NANO);
        }

        private void summary(String name, String kind, Snapshot snapshot, long count, double factor) {
            Quantile[] quantiles = new Quantile[QUANTILES.length];
            for (int i = 0; i < QUANTILES.length; i++) {
                quantiles[i] = new Quantile(QUANTILES[i], snapshot.getValue(QUANTILES[i]) * factor);
            }
            String prometheus = sanitise(name);
            add(name, prometheus, SummarySnapshot.builder().name(prometheus).help(help(name, kind))
                    .dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                            .quantiles(Quantiles.of(quantiles)).count(count).build())
                    .build());
        }

        private void add(String dropwizardName, String prometheusName, MetricSnapshot snapshot) {
            if (!taken.add(prometheusName)) {
                if (reportedCollisions.add(dropwizardName)) {
                    LOG.warn("metric {} is not exported to Prometheus: another metric already has its name {}",
                            dropwizardName, prometheusName);
                }
                return;
            }
            snapshots.metricSnapshot(snapshot);
        }
    }

    private static String help(String name, String kind) {
        return "Dropwizard " + kind + " " + name;
    }

    /** Prometheus' classic name rules: letters, digits, '_' and ':', not starting with a digit. */
    static String sanitise(String name) {
        StringBuilder out = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
            boolean digit = c >= '0' && c <= '9';
            if (i == 0 && digit) {
                out.append('_');
            }
            out.append(letter || digit ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }

    /** A counter's name without the suffix the exposition adds to it. */
    private static String withoutTotal(String name) {
        String base = name;
        while (base.endsWith("_total") && base.length() > "_total".length()) {
            base = base.substring(0, base.length() - "_total".length());
        }
        return base;
    }
}
