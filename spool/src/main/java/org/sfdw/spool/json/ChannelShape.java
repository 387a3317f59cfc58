package org.sfdw.spool.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A channel's {@code shape} as the JSON of bsread data headers, rawevent headers and data-api answers gives it: one
 * rule for the three.
 */
public final class ChannelShape {

    private ChannelShape() {
    }

    /**
     * The channel's {@code "shape"}, fastest dimension first; {@code [1]} (a scalar) when it is absent or empty.
     * Dimensions are taken as given: the reader of each format says what it refuses.
     */
    public static List<Integer> of(JsonNode channel) {
        List<Integer> shape = new ArrayList<>();
        channel.path("shape").forEach(dimension -> shape.add(dimension.asInt()));
        return shape.isEmpty() ? List.of(1) : shape;
    }
}
