package org.sfdw.ingest.core;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sfdw.spool.AuditLine;
import org.sfdw.spool.WriteRequest;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

/**
 * {@code GET /statistics}: the original's fields (process start, processed acquisitions, the last request and when)
 * and sfdw's own counters.
 */
public final class BrokerStatistics {

    private final Clock clock;
    private final String startupTime;
    private final Counter acquisitions;
    private final Counter resubmissions;
    private final Counter rejectedCalls;
    private WriteRequest lastRequest;
    private String lastRequestTime;
    private List<Long> lastIds = List.of();

    public BrokerStatistics(Clock clock, MetricRegistry metrics) {
        this.clock = clock;
        this.startupTime = now();
        this.acquisitions = metrics.counter("sfdw.broker.acquisitions");
        this.resubmissions = metrics.counter("sfdw.broker.requests.resubmitted");
        this.rejectedCalls = metrics.counter("sfdw.broker.calls.rejected");
    }

    private String now() {
        return AuditLine.TIME_FORMAT.format(LocalDateTime.now(clock));
    }

    /** One stop_pulse_id's requests were spooled (the original counted one processed request per stop). */
    public synchronized void acquisitionSpooled(List<WriteRequest> requests) {
        acquisitions.inc();
        remember(requests);
    }

    public synchronized void resubmitted(WriteRequest request) {
        resubmissions.inc();
        remember(List.of(request));
    }

    public void rejected() {
        rejectedCalls.inc();
    }

    private void remember(List<WriteRequest> requests) {
        lastRequest = requests.get(requests.size() - 1);
        lastRequestTime = now();
        lastIds = requests.stream().map(WriteRequest::id).toList();
    }

    public synchronized ObjectNode toJson(ObjectMapper mapper, long forwarded, long lastSpooledId, boolean forwarding) {
        ObjectNode json = mapper.createObjectNode();
        json.put("process_startup_time", startupTime);
        json.put("n_processed_requests", acquisitions.getCount());
        if (lastRequest != null) {
            ObjectNode last = json.putObject("last_sent_write_request");
            last.put("data_api_request", lastRequest.dataApiRequest());
            last.put("parameters", lastRequest.parameters());
            last.put("timestamp", lastRequest.timestamp());
            json.put("last_sent_write_request_time", lastRequestTime);
        }
        json.putPOJO("last_request_ids", lastIds);
        json.put("n_resubmitted_requests", resubmissions.getCount());
        json.put("n_rejected_calls", rejectedCalls.getCount());
        json.put("n_forwarded_requests", forwarded);
        json.put("last_spooled_request_id", lastSpooledId);
        json.put("forwarding", forwarding ? "on" : "off (audit trail only)");
        return json;
    }
}
