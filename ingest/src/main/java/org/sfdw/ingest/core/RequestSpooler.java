package org.sfdw.ingest.core;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolUnavailableException;
import org.sfdw.spool.WriteRequest;

import java.util.List;
import java.util.Optional;

/** The broker's way into the spool: appends with their latency and failures measured, and look-ups by id. */
public final class RequestSpooler {

    private final Spool spool;
    private final Timer appends;
    private final Counter spooled;
    private final Counter failures;

    public RequestSpooler(Spool spool, MetricRegistry metrics) {
        this.spool = spool;
        this.appends = metrics.timer("sfdw.broker.spool.append.seconds");
        this.spooled = metrics.counter("sfdw.broker.requests.spooled");
        this.failures = metrics.counter("sfdw.broker.spool.failures");
    }

    /** Appends and syncs; the returned requests carry their ids. */
    public List<WriteRequest> append(List<WriteRequest> requests) {
        try (Timer.Context ignored = appends.time()) {
            List<WriteRequest> stored = spool.appendAll(requests);
            spooled.inc(stored.size());
            return stored;
        } catch (SpoolUnavailableException e) {
            failures.inc();
            throw e;
        }
    }

    public Optional<WriteRequest> read(long id) {
        return spool.read(id);
    }

    public List<WriteRequest> newestFirst(int limit, java.util.function.Predicate<WriteRequest> filter) {
        return spool.newestFirst(limit, filter);
    }

    public long lastId() {
        return spool.lastId();
    }
}
