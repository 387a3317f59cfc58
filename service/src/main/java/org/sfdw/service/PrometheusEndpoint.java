package org.sfdw.service;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;

/** A Prometheus text endpoint over a service's Dropwizard metrics, for its admin port. */
public final class PrometheusEndpoint {

    private PrometheusEndpoint() {
    }

    /**
     * The servlet. Names ending in {@code .total} are left out: Dropwizard's {@code @Timed} resources come as
     * {@code x} and {@code x.total}, and a counter's name loses its {@code _total} in Prometheus, so the two would
     * have one name.
     */
    public static HttpServlet servlet(MetricRegistry metrics) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DropwizardSnapshots(metrics, name -> !name.endsWith(".total")));
        return new PrometheusMetricsServlet(registry);
    }
}
