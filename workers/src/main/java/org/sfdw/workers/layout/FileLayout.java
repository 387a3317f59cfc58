package org.sfdw.workers.layout;

/** The original's two file layouts (parameter {@code output_file_format}). */
public enum FileLayout {
    /** Every channel has a row for every pulse any channel has; missing ones are zero / false / "0". */
    EXTENDED,
    /** Every channel holds only its own events. */
    COMPACT;

    /** As the original: {@code "compact"} is compact, anything else (missing, unknown) extended. */
    public static FileLayout fromParameter(String value) {
        return "compact".equals(value) ? COMPACT : EXTENDED;
    }

    /** True for the values the broker accepts: none, {@code "extended"}, {@code "compact"}. */
    public static boolean known(String value) {
        return value == null || value.equals("extended") || value.equals("compact");
    }
}
