package org.sfdw.spool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.spool.json.PythonJson;

import java.time.LocalDateTime;
import java.util.regex.Pattern;
import java.time.format.DateTimeFormatter;

/**
 * The original's audit-trail and {@code .err} line (bsread.md §7.5, §8):
 * {@code [%Y%m%d-%H%M%S] {"data_api_request": "<json text>", "parameters": "<json text>", "timestamp": <float>}},
 * the JSON written as Python's {@code json.dumps} writes it, so that the original's tools read our lines.
 */
public final class AuditLine {

    public static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern PREFIX = Pattern.compile("^\\[\\d{8}-\\d{6}] ");

    private AuditLine() {
    }

    /** The line without a trailing newline (an {@code .err} file is exactly this). */
    public static String format(WriteRequest request, LocalDateTime when) {
        StringBuilder out = new StringBuilder(64 + request.dataApiRequest().length() + request.parameters().length());
        out.append('[').append(TIME_FORMAT.format(when)).append("] {\"data_api_request\": ");
        PythonJson.writeString(request.dataApiRequest(), out);
        out.append(", \"parameters\": ");
        PythonJson.writeString(request.parameters(), out);
        out.append(", \"timestamp\": ").append(PythonJson.pythonFloat(request.timestamp())).append('}');
        return out.toString();
    }

    /**
     * Reads an audit or {@code .err} line, or just its JSON object, back into a request without an id. A missing or
     * null timestamp is left as {@code NaN} for the caller to decide.
     *
     * @throws IllegalArgumentException saying which part of the line is wrong
     */
    public static WriteRequest parse(String line, ObjectMapper mapper) {
        String text = line.strip();
        if (PREFIX.matcher(text).find()) {
            text = text.substring(18);
        } else if (text.startsWith("[")) {
            throw new IllegalArgumentException("line starts with '[' but not with a [YYYYmmdd-HHMMSS] time stamp");
        }
        JsonNode json;
        try {
            json = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a write request: the JSON does not parse (" + e.getOriginalMessage()
                    + ")", e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a write request: expected a JSON object with data_api_request, "
                    + "parameters and timestamp");
        }
        String query = requireJsonText(json, "data_api_request");
        String parameters = requireJsonText(json, "parameters");
        JsonNode timestamp = json.get("timestamp");
        if (timestamp != null && !timestamp.isNull() && !timestamp.isNumber()) {
            throw new IllegalArgumentException("timestamp must be a number (epoch seconds), not " + timestamp);
        }
        double seconds = timestamp == null || timestamp.isNull() ? Double.NaN : timestamp.doubleValue();
        return new WriteRequest(WriteRequest.NO_ID, seconds, query, parameters);
    }

    private static String requireJsonText(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string holding JSON, as in the audit trail");
        }
        return value.asText();
    }
}
