package org.sfdw.spool.query;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/** The inclusive pulse-id range a data-api query asks for (data-api.md §2.3). */
public record PulseRange(long start, long end) {

    /** The query's {@code range.startPulseId}/{@code endPulseId} (numbers or numeric strings), if it has them. */
    public static Optional<PulseRange> of(JsonNode query) {
        return ofRange(query.path("range"));
    }

    /** The same from the {@code range} object itself. */
    public static Optional<PulseRange> ofRange(JsonNode range) {
        Optional<Long> start = pulseId(range.get("startPulseId"));
        Optional<Long> end = pulseId(range.get("endPulseId"));
        if (start.isEmpty() || end.isEmpty() || end.get() < start.get()) {
            return Optional.empty();
        }
        return Optional.of(new PulseRange(start.get(), end.get()));
    }

    private static Optional<Long> pulseId(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Optional.of(node.asLong());
        }
        if (node.isTextual()) {
            try {
                return Optional.of(Long.parseLong(node.asText().strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public long length() {
        return end - start + 1;
    }

    public boolean contains(long pulseId) {
        return pulseId >= start && pulseId <= end;
    }
}
