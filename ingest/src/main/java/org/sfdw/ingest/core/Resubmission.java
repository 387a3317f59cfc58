package org.sfdw.ingest.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.spool.AuditLine;
import org.sfdw.spool.RequestParameters;
import org.sfdw.spool.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * {@code POST /requests}: spools a request given as an audit-trail or {@code .err} line (or its JSON object) as a
 * new request, after the same checks as an acquisition's, recording which spooled request it runs again.
 */
public final class Resubmission {

    private static final Logger LOG = LoggerFactory.getLogger(Resubmission.class);

    private final RequestSpooler spooler;
    private final ParametersValidator validator;
    private final BrokerStatistics statistics;
    private final ObjectMapper mapper;
    private final Clock clock;

    public Resubmission(RequestSpooler spooler, ParametersValidator validator, BrokerStatistics statistics,
                        ObjectMapper mapper, Clock clock) {
        this.spooler = spooler;
        this.validator = validator;
        this.statistics = statistics;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** @throws RejectedException saying what is wrong with the submitted request */
    public WriteRequest submit(String body) {
        WriteRequest submitted;
        try {
            submitted = AuditLine.parse(body, mapper);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(e.getMessage());
        }
        checkQuery(submitted.dataApiRequest());
        validator.validate(withoutUnknownFormat(parse(submitted.parameters(), "parameters")));
        if (Double.isNaN(submitted.timestamp())) {
            // The original wrote null when it had no timestamp; "now" makes the writer wait its retrieval delay.
            submitted = new WriteRequest(WriteRequest.NO_ID, clock.millis() / 1000.0, submitted.dataApiRequest(),
                    submitted.parameters());
        }
        WriteRequest content = submitted;
        long original = spooler.newestFirst(1, r -> r.sameContentAs(content)).stream()
                .mapToLong(r -> r.rerunOf() != WriteRequest.NO_ID ? r.rerunOf() : r.id())
                .findFirst().orElse(WriteRequest.NO_ID);
        WriteRequest stored = spooler.append(List.of(content.asRerunOf(original))).get(0);
        statistics.resubmitted(stored);
        LOG.info("Resubmitted request spooled as {}{}", stored.label(),
                original == WriteRequest.NO_ID ? " (its original is not in the spool)" : ", re-running request " + original);
        return stored;
    }

    private void checkQuery(String queryJson) {
        JsonNode query = parse(queryJson, "data_api_request");
        if (!query.isObject() || !query.path("channels").isArray() || !query.path("range").isObject()) {
            throw new RejectedException("data_api_request must be a data-api query with 'channels' and 'range'");
        }
    }

    private JsonNode parse(String json, String field) {
        try {
            return mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RejectedException(field + " does not hold valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * A line from an older audit trail or {@code .err} may name an {@code output_file_format} that acquisitions now
     * refuse; the original wrote the extended layout for any value but "compact", and so do the writers.
     */
    private static JsonNode withoutUnknownFormat(JsonNode parameters) {
        JsonNode format = parameters == null ? null : parameters.get(RequestParameters.OUTPUT_FILE_FORMAT);
        if (format == null || format.isTextual() && RequestParameters.OUTPUT_FILE_FORMATS.contains(format.asText())) {
            return parameters;
        }
        com.fasterxml.jackson.databind.node.ObjectNode checked = ((com.fasterxml.jackson.databind.node.ObjectNode)
                parameters).deepCopy();
        checked.remove(RequestParameters.OUTPUT_FILE_FORMAT);
        return checked;
    }
}
