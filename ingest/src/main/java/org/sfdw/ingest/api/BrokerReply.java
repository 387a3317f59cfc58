package org.sfdw.ingest.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original broker's answer: {@code {"state": "ok"|"error", "status": ...}} plus the call's own fields
 * ({@code parameters}, {@code statistics}, {@code request}, ...), in that order.
 */
public final class BrokerReply {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private BrokerReply(String state, String status) {
        fields.put("state", state);
        fields.put("status", status);
    }

    public static BrokerReply ok(String status) {
        return new BrokerReply("ok", status);
    }

    public static BrokerReply error(String why) {
        return new BrokerReply("error", why);
    }

    public BrokerReply with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    @JsonAnyGetter
    public Map<String, Object> fields() {
        return fields;
    }
}
