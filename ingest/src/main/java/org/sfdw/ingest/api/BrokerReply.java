package org.sfdw.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The original broker's answer: {@code {"state": "ok"|"error", "status": ...}} plus the call's own field.
 * Errors travel as HTTP 200 with state "error", as the original did, so existing clients keep working.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BrokerReply(String state, String status, JsonNode parameters) {

    public static BrokerReply ok(String status) {
        return new BrokerReply("ok", status, null);
    }

    public static BrokerReply okWithParameters(String status, JsonNode parameters) {
        return new BrokerReply("ok", status, parameters);
    }

    public static BrokerReply error(String why) {
        return new BrokerReply("error", why, null);
    }
}
