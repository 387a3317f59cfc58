package org.sfdw.spool.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
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
                text(json, "error"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
