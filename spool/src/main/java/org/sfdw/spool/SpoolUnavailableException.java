package org.sfdw.spool;

/** The spool cannot take or give requests: its directory is missing, not writable, full, or the queue failed. */
public class SpoolUnavailableException extends RuntimeException {
    public SpoolUnavailableException(String message) {
        super(message);
    }

    public SpoolUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
