package org.sfdw.workers.core;

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
