package org.sfdw.spool.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;

/** A Prometheus text endpoint over a service's Dropwizard metrics, for its admin port. */
public final class PrometheusEndpoint {

    private PrometheusEndpoint() {
    }

    /**
     * The servlet. Names ending in {@code .total} are left out: the bridge strips {@code _total} from counters, so
     * {@code x} and {@code x.total} (as Dropwizard's timers come) would collide and fail every scrape with HTTP 500.
     */
    public static HttpServlet servlet(MetricRegistry metrics) {
        PrometheusRegistry registry = new PrometheusRegistry();
        DropwizardExports.builder()
                .dropwizardRegistry(metrics)
                .metricFilter((name, metric) -> !name.endsWith(".total"))
                .register(registry);
        return new PrometheusMetricsServlet(registry);
    }
}
