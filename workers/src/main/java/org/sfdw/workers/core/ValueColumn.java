package org.sfdw.workers.core;

import java.util.Arrays;

/** A growable, typed column of a channel's values, element after element, event after event. */
public final class ValueColumn {

    private long[] longs = new long[0];
    private double[] doubles = new double[0];
    private String[] texts = new String[0];
    private int size;

    public ValueColumn(ChannelType.Storage storage) {
        switch (storage) {
            case LONG -> longs = new long[16];
            case DOUBLE -> doubles = new double[16];
            case TEXT -> texts = new String[16];
        }
    }

    public int size() {
        return size;
    }

    public void addLong(long value) {
        if (size == longs.length) {
            longs = Arrays.copyOf(longs, grow(size));
        }
        longs[size++] = value;
    }

    public void addDouble(double value) {
        if (size == doubles.length) {
            doubles = Arrays.copyOf(doubles, grow(size));
        }
        doubles[size++] = value;
    }

    public void addText(String value) {
        if (size == texts.length) {
            texts = Arrays.copyOf(texts, grow(size));
        }
        texts[size++] = value;
    }

    public long longAt(int index) {
        return longs[index];
    }

    public double doubleAt(int index) {
        return doubles[index];
    }

    public String textAt(int index) {
        return texts[index];
    }

    private static int grow(int size) {
        return Math.max(16, size + (size >> 1));
    }
}
