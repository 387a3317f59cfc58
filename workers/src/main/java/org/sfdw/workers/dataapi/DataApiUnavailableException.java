package org.sfdw.workers.dataapi;

import java.io.IOException;

/** The data api could not answer now (HTTP 5xx, no data for too long): worth asking again later. */
public class DataApiUnavailableException extends IOException {

    public DataApiUnavailableException(String message) {
        super(message);
    }

    public DataApiUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
