package org.sfdw.workers.core;

import java.util.Locale;

/** The data types of data-api.md §9, with how their values are held while a file is being built. */
public enum ChannelType {
    BOOL(Storage.LONG), INT8(Storage.LONG), UINT8(Storage.LONG), INT16(Storage.LONG), UINT16(Storage.LONG),
    INT32(Storage.LONG), UINT32(Storage.LONG), INT64(Storage.LONG), UINT64(Storage.LONG),
    FLOAT32(Storage.DOUBLE), FLOAT64(Storage.DOUBLE), STRING(Storage.TEXT);

    /** Integer and bool values as long (uint64 as its two's-complement bits), floats as double, strings as text. */
    public enum Storage { LONG, DOUBLE, TEXT }

    private final Storage storage;

    ChannelType(Storage storage) {
        this.storage = storage;
    }

    public Storage storage() {
        return storage;
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
