package org.sfdw.workers.dataapi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Reads a data-api answer in one response format into a {@link ResponseConsumer}, streaming. */
public interface ResponseParser {

    /** Creates an empty file for data that has to wait; the parser deletes it when done. */
    @FunctionalInterface
    interface ScratchFile {
        Path create() throws IOException;
    }

    /**
     * @param scratch makes a file where data that cannot be written yet is held (JSON: a {@code data} list that
     *                arrives before its channel's configuration)
     * @return how many channels the answer held
     * @throws DataApiResponseException   when the body cannot make a file
     * @throws TruncatedResponseException when the body ends in the middle
     * @throws IOException                when reading the body fails (e.g. the connection broke)
     */
    int parse(InputStream body, ResponseConsumer consumer, ScratchFile scratch) throws IOException;
}
