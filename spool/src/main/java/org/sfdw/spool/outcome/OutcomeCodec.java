package org.sfdw.spool.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Outcomes on the wire from writers to the broker: one ZMQ frame of JSON,
 * {@code {"request_id": 5, "outcome": "written", "writer": "host/123", "time": 1732..., "output_file": ...}}.
 */
public final class OutcomeCodec {

    private final ObjectMapper mapper;

    public OutcomeCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public byte[] encode(Outcome outcome) {
        ObjectNode json = mapper.createObjectNode();
        json.put("request_id", outcome.requestId());
        json.put("outcome", outcome.kind().label());
        json.put("writer", outcome.writer());
        json.put("time", outcome.timeMillis());
        if (outcome.outputFile() != null) {
            json.put("output_file", outcome.outputFile());
        }
        if (outcome.errFile() != null) {
            json.put("err_file", outcome.errFile());
        }
        if (outcome.error() != null) {
            json.put("error", outcome.error());
        }
        if (!outcome.report().isEmpty()) {
            json.set("report", mapper.valueToTree(outcome.report()));
        }
        try {
            return mapper.writeValueAsBytes(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise outcome " + outcome, e);
        }
    }

    /** @throws IllegalArgumentException for a frame that is not an outcome, saying why */
    public Outcome decode(byte[] frame) {
        JsonNode json;
        try {
            json = mapper.readTree(frame);
        } catch (IOException e) {
            throw new IllegalArgumentException("outcome message is not JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.path("request_id").canConvertToLong() || !json.path("outcome").isTextual()) {
            throw new IllegalArgumentException("outcome message needs request_id and outcome: " + json);
        }
        Outcome.Kind kind;
        try {
            kind = Outcome.Kind.valueOf(json.get("outcome").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown outcome '" + json.get("outcome").asText() + "'", e);
        }
        return new Outcome(json.get("request_id").asLong(), kind, json.path("writer").asText("unknown"),
                json.path("time").asLong(System.currentTimeMillis()), text(json, "output_file"), text(json, "err_file"),
                text(json, "error"), reports(json.path("report")));
    }

    /** The report as the JSON list that outcome messages and the outcome journal carry. */
    public String reportText(List<ChannelReport> report) {
        try {
            return mapper.writeValueAsString(report);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise report " + report, e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a report list */
    public List<ChannelReport> reportOf(String text) {
        try {
            return reports(mapper.readTree(text));
        } catch (IOException e) {
            throw new IllegalArgumentException("report is not JSON: " + e.getMessage(), e);
        }
    }

    private List<ChannelReport> reports(JsonNode list) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        try {
            return List.of(mapper.treeToValue(list, ChannelReport[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("report is not a list of channel reports: " + e.getOriginalMessage(),
                    e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
