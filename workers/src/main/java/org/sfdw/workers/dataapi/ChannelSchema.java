package org.sfdw.workers.dataapi;

import java.util.List;

/**
 * A channel as the data api's {@code configs[0]} describes it.
 *
 * @param shape bsread order, fastest dimension first: [1] scalar, [N] waveform, [W, H] image
 */
public record ChannelSchema(String name, ChannelType type, List<Integer> shape) {

    public ChannelSchema {
        shape = List.copyOf(shape);
    }

    /**
     * A channel as an answer describes it (JSON {@code configs[0]} or a rawevent header), checked.
     *
     * @param shape as sent; empty means a scalar
     * @throws DataApiResponseException for an unknown type or a dimension below 1
     */
    static ChannelSchema fromDataApi(String name, String type, List<Integer> shape) {
        ChannelType channelType;
        try {
            channelType = ChannelType.fromDataApi(type);
        } catch (IllegalArgumentException e) {
            throw new DataApiResponseException("channel " + name + ": " + e.getMessage(), e);
        }
        if (shape.stream().anyMatch(d -> d < 1)) {
            throw new DataApiResponseException("channel " + name + " has an invalid shape " + shape);
        }
        return new ChannelSchema(name, channelType, shape.isEmpty() ? List.of(1) : shape);
    }

    public int elementsPerEvent() {
        return shape.stream().mapToInt(Integer::intValue).reduce(1, Math::multiplyExact);
    }

    /** Bytes one event takes in a chunk (variable-length strings counted by their reference). */
    public int rowBytes() {
        return Math.max(1, elementsPerEvent() * type.chunkBytes());
    }

    /** HDF5 dimensions of one event's value: the shape reversed (row-major), e.g. [W, H] becomes [H, W]. */
    public int[] eventDimensions() {
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(shape.size() - 1 - i);
        }
        return dims;
    }
}
