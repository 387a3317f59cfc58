package org.sfdw.workers.dataapi;

/** The data api answered, but not with something a file can be written from; retrying would not help. */
public class DataApiResponseException extends RuntimeException {
    public DataApiResponseException(String message) {
        super(message);
    }

    public DataApiResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
