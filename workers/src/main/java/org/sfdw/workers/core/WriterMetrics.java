package org.sfdw.workers.core;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

import java.util.concurrent.atomic.AtomicLong;

/** What a writer counts while it writes files (the outcomes themselves are counted where they are reported). */
public final class WriterMetrics {

    final Counter downloadedBytes;
    final Counter retries;
    /** Query to the end of the response, which streams into the file as it arrives. */
    final Timer download;
    /** The end of the response to the renamed file. */
    final Timer write;
    private final AtomicLong currentRequest = new AtomicLong(-1);

    public WriterMetrics(MetricRegistry registry) {
        this.downloadedBytes = registry.counter("sfdw.writer.download.bytes");
        this.retries = registry.counter("sfdw.writer.dataapi.retries");
        this.download = registry.timer("sfdw.writer.download.seconds");
        this.write = registry.timer("sfdw.writer.write.seconds");
        registry.register("sfdw.writer.current.request", (Gauge<Long>) currentRequest::get);
    }

    /** @param id the request being written, or -1 when idle */
    void current(long id) {
        currentRequest.set(id);
    }
}
