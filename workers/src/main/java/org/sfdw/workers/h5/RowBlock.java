package org.sfdw.workers.h5;

import org.sfdw.workers.dataapi.ChannelType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A buffer of whole rows of one dataset: little-endian bytes for numbers and bools, Java strings for
 * variable-length text. Values are converted as the original's numpy arrays converted them: integers wrap to the
 * type's width, floats truncate toward zero into integer types, anything non-zero is true.
 */
public final class RowBlock {

    /** What a missing string element holds in the original's files. */
    public static final String MISSING_TEXT = "0";

    private final ChannelType type;
    private final int elementSize;
    private final int elementsPerRow;
    private final int capacity;
    private final byte[] bytes;
    private final ByteBuffer buffer;
    private final String[] texts;

    public RowBlock(ChannelType type, int elementsPerRow, int capacity) {
        this.type = type;
        this.elementSize = type.bytes();
        this.elementsPerRow = elementsPerRow;
        this.capacity = capacity;
        if (elementSize == 0) {
            this.bytes = null;
            this.buffer = null;
            this.texts = new String[Math.multiplyExact(capacity, elementsPerRow)];
        } else {
            this.bytes = new byte[Math.multiplyExact(Math.multiplyExact(capacity, elementsPerRow), elementSize)];
            this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            this.texts = null;
        }
    }

    public int capacity() {
        return capacity;
    }

    byte[] bytes() {
        return bytes;
    }

    String[] texts() {
        return texts;
    }

    /** Stores an integer (or bool 0/1) token at element {@code index} of the block. */
    public void putLong(int index, long value) {
        switch (type) {
            case BOOL -> bytes[index] = (byte) (value != 0 ? 1 : 0);
            case INT8, UINT8 -> bytes[index] = (byte) value;
            case INT16, UINT16 -> buffer.putShort(index * 2, (short) value);
            case INT32, UINT32 -> buffer.putInt(index * 4, (int) value);
            case INT64, UINT64 -> buffer.putLong(index * 8, value);
            // As numpy: an integer becomes a float64 first and is then narrowed (data-api.md §9a); a direct
            // long-to-float conversion rounds some integers above 2^24 the other way.
            case FLOAT32 -> buffer.putFloat(index * 4, (float) (double) value);
            case FLOAT64 -> buffer.putDouble(index * 8, (double) value);
            case STRING -> texts[index] = Long.toString(value);
        }
    }

    /** Stores a floating-point token: narrowed to float for float32, as parse-as-double-then-convert does. */
    public void putDouble(int index, double value) {
        switch (type) {
            case FLOAT32 -> buffer.putFloat(index * 4, (float) value);
            case FLOAT64 -> buffer.putDouble(index * 8, value);
            case BOOL -> bytes[index] = (byte) (value != 0 ? 1 : 0);
            case STRING -> texts[index] = Double.toString(value);
            default -> putLong(index, (long) value);
        }
    }

    /** As {@link #putLong} for each of {@code count} values, to elements {@code index} on; the type looked at once. */
    public void putLongs(int index, long[] values, int count) {
        switch (type) {
            case INT16, UINT16 -> {
                for (int i = 0; i < count; i++) {
                    buffer.putShort((index + i) * 2, (short) values[i]);
                }
            }
            case INT32, UINT32 -> {
                for (int i = 0; i < count; i++) {
                    buffer.putInt((index + i) * 4, (int) values[i]);
                }
            }
            case INT64, UINT64 -> {
                for (int i = 0; i < count; i++) {
                    buffer.putLong((index + i) * 8, values[i]);
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    putLong(index + i, values[i]);
                }
            }
        }
    }

    /** As {@link #putDouble} for each of {@code count} values, to elements {@code index} on. */
    public void putDoubles(int index, double[] values, int count) {
        switch (type) {
            case FLOAT32 -> {
                for (int i = 0; i < count; i++) {
                    buffer.putFloat((index + i) * 4, (float) values[i]);
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < count; i++) {
                    buffer.putDouble((index + i) * 8, values[i]);
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    putDouble(index + i, values[i]);
                }
            }
        }
    }

    public void putText(int index, String value) {
        texts[index] = value;
    }

    /**
     * Stores binary elements of this block's type from {@code index} on: copied as they are when little-endian,
     * byte-swapped through typed views otherwise; bools become 0/1.
     */
    public void putRaw(int index, ByteBuffer value) {
        int length = value.remaining();
        switch (type) {
            case BOOL -> {
                for (int i = 0; i < length; i++) {
                    bytes[index + i] = (byte) (value.get(value.position() + i) != 0 ? 1 : 0);
                }
            }
            case STRING -> throw new IllegalArgumentException("text is not binary");
            default -> {
                ByteBuffer target = ByteBuffer.wrap(bytes, index * elementSize, length).order(ByteOrder.LITTLE_ENDIAN);
                if (value.order() == ByteOrder.LITTLE_ENDIAN || elementSize == 1) {
                    target.put(value.duplicate());
                } else if (elementSize == 2) {
                    target.asShortBuffer().put(value.asShortBuffer());
                } else if (elementSize == 4) {
                    target.asIntBuffer().put(value.asIntBuffer());
                } else {
                    target.asLongBuffer().put(value.asLongBuffer());
                }
            }
        }
    }

    /** Makes a row what the original wrote for a missing pulse: zeros, false, or the string "0". */
    public void clearRow(int row) {
        int from = row * elementsPerRow;
        if (texts != null) {
            Arrays.fill(texts, from, from + elementsPerRow, MISSING_TEXT);
        } else {
            Arrays.fill(bytes, from * elementSize, (from + elementsPerRow) * elementSize, (byte) 0);
        }
    }

    public void copyRow(RowBlock source, int sourceRow, int targetRow) {
        if (texts != null) {
            System.arraycopy(source.texts, sourceRow * elementsPerRow, texts, targetRow * elementsPerRow, elementsPerRow);
        } else {
            int rowBytes = elementsPerRow * elementSize;
            System.arraycopy(source.bytes, sourceRow * rowBytes, bytes, targetRow * rowBytes, rowBytes);
        }
    }
}
