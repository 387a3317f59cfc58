package org.sfdw.workers.dataapi;

import java.util.Locale;

/** The data types of data-api.md §9, with the bytes one element takes. */
public enum ChannelType {
    BOOL(1), INT8(1), UINT8(1), INT16(2), UINT16(2), INT32(4), UINT32(4), INT64(8), UINT64(8), FLOAT32(4), FLOAT64(8),
    STRING(0);

    /** What a variable-length string element takes in a chunk (a reference; its text lives in the heap). */
    static final int VARIABLE_LENGTH_REFERENCE = 16;

    private final int bytes;

    ChannelType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element in memory and in the file; 0 for variable-length strings. */
    public int bytes() {
        return bytes;
    }

    /** Bytes per element in a chunk, for choosing chunk and buffer sizes. */
    public int chunkBytes() {
        return bytes == 0 ? VARIABLE_LENGTH_REFERENCE : bytes;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    public String dataApiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a type the data api does not define */
    public static ChannelType fromDataApi(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "float" -> FLOAT64;
            case "bool8" -> BOOL;
            default -> {
                for (ChannelType t : values()) {
                    if (t.dataApiName().equals(lower)) {
                        yield t;
                    }
                }
                throw new IllegalArgumentException("unknown channel type '" + name + "'");
            }
        };
    }
}
