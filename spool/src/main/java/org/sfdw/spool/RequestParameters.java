package org.sfdw.spool;

import java.util.List;

/**
 * The keys of a write request's {@code parameters} that the broker checks and the writers act on, and the values the
 * optional ones may take: one list, so that what the broker accepts is what a writer understands.
 */
public final class RequestParameters {

    public static final String OUTPUT_FILE = "output_file";
    /** {@code /general/<name>} of the file comes from the parameter {@code general/<name>}. */
    public static final String GENERAL_PREFIX = "general/";
    public static final List<String> GENERAL = List.of("created", "instrument", "process", "user");
    public static final String OUTPUT_FILE_FORMAT = "output_file_format";
    public static final List<String> OUTPUT_FILE_FORMATS = List.of("extended", "compact");
    public static final String NO_DATA = "no_data";
    public static final List<String> NO_DATA_CHOICES = List.of("error", "missing");
    public static final String INCOMPLETE_DATA = "incomplete_data";
    public static final List<String> INCOMPLETE_DATA_CHOICES = List.of("write", "error");

    private RequestParameters() {
    }
}
