package org.sfdw.workers.dataapi;

import java.io.IOException;

/** The data api's answer ended in the middle of its JSON: the connection broke, so asking again may help. */
public class TruncatedResponseException extends IOException {

    public TruncatedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
