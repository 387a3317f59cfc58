package org.sfdw.ingest.delivery;

import java.util.Locale;

/** Where a spooled write request is on its way to a file. */
public enum DeliveryState {
    SPOOLED, FORWARDED, WRITING, WRITTEN, FAILED, SKIPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == WRITTEN || this == FAILED || this == SKIPPED;
    }

    /** @throws IllegalArgumentException naming the valid states */
    public static DeliveryState fromLabel(String label) {
        for (DeliveryState state : values()) {
            if (state.label().equals(label)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown request status '" + label + "'; one of spooled, forwarded, "
                + "writing, written, failed, skipped");
    }
}
