package org.sfdw.spool.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
            json.set("report", mapper.valueToTree(outcome.report().stream().map(OutcomeCodec::reportJson).toList()));
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

    /** A channel report as snake_case JSON, the convention of the original's messages. */
    private static Map<String, Object> reportJson(ChannelReport r) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("channel", r.channel());
        map.put("expected_pulses", r.expectedPulses());
        map.put("present_pulses", r.presentPulses());
        map.put("first_pulse_id", r.firstPulseId());
        map.put("last_pulse_id", r.lastPulseId());
        map.put("pulse_id_step", r.pulseIdStep());
        map.put("duplicate_pulse_ids", r.duplicatePulseIds());
        map.put("non_monotonic_pulse_ids", r.nonMonotonicPulseIds());
        map.put("pulses_outside_range", r.pulsesOutsideRange());
        map.put("complete", r.complete());
        return map;
    }

    private static List<ChannelReport> reports(JsonNode list) {
        List<ChannelReport> reports = new ArrayList<>();
        for (JsonNode r : list) {
            reports.add(new ChannelReport(r.path("channel").asText(), r.path("expected_pulses").asLong(-1),
                    r.path("present_pulses").asLong(), r.path("first_pulse_id").asLong(-1),
                    r.path("last_pulse_id").asLong(-1), r.path("pulse_id_step").asLong(),
                    r.path("duplicate_pulse_ids").asLong(), r.path("non_monotonic_pulse_ids").asLong(),
                    r.path("pulses_outside_range").asLong()));
        }
        return reports;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
