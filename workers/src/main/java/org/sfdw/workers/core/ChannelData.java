package org.sfdw.workers.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One channel of a data-api response: its type and shape from {@code configs[0]}, and per event the pulse id, the
 * global date and {@link #elementsPerEvent()} values.
 */
public final class ChannelData {

    private final String name;
    private final ChannelType type;
    private final List<Integer> shape;      // bsread order: fastest dimension first
    private final int elementsPerEvent;
    private final ValueColumn values;
    private long[] pulseIds = new long[16];
    private final List<String> globalDates = new ArrayList<>();
    private int events;

    public ChannelData(String name, ChannelType type, List<Integer> shape) {
        this.name = name;
        this.type = type;
        this.shape = List.copyOf(shape);
        this.elementsPerEvent = shape.stream().mapToInt(Integer::intValue).reduce(1, Math::multiplyExact);
        this.values = new ValueColumn(type.storage());
    }

    public String name() {
        return name;
    }

    public ChannelType type() {
        return type;
    }

    public List<Integer> shape() {
        return shape;
    }

    public int elementsPerEvent() {
        return elementsPerEvent;
    }

    public ValueColumn values() {
        return values;
    }

    public int events() {
        return events;
    }

    public long pulseIdAt(int event) {
        return pulseIds[event];
    }

    public String globalDateAt(int event) {
        return globalDates.get(event);
    }

    /** Records an event whose {@link #elementsPerEvent()} values were just added to {@link #values()}. */
    public void addEvent(long pulseId, String globalDate) {
        if (events == pulseIds.length) {
            pulseIds = Arrays.copyOf(pulseIds, events * 2);
        }
        pulseIds[events++] = pulseId;
        globalDates.add(globalDate);
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
