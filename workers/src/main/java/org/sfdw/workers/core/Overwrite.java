package org.sfdw.workers.core;

/** What a writer does with a file already at a request's {@code output_file}. */
public enum Overwrite {
    /**
     * Replaced only by the request that wrote it (a later sending, or a re-run naming it in {@code rerun_of}); any
     * other request fails with an error naming the file, which stays as it was. The default: an acquisition must
     * not destroy another one's data because a run number was used twice.
     */
    SAME_REQUEST,
    /** Always replaced, as the original writer did. */
    ALWAYS
}
