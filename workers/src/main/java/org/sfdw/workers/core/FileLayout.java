package org.sfdw.workers.core;

/** The original's two file layouts (parameter {@code output_file_format}). */
public enum FileLayout {
    /** Every channel has a row for every pulse any channel has; missing ones are zero / false / "0". */
    EXTENDED,
    /** Every channel holds only its own events. */
    COMPACT;

    public static FileLayout fromParameter(String value) {
        if (value == null || value.isEmpty() || value.equals("extended")) {
            return EXTENDED;
        }
        if (value.equals("compact")) {
            return COMPACT;
        }
        throw new IllegalArgumentException("output_file_format must be 'extended' or 'compact', not '" + value + "'");
    }
}
