package org.sfdw.ingest.core;

/** A broker call that was refused, and changed nothing; the message says why, for the caller. */
public class RejectedException extends RuntimeException {
    public RejectedException(String message) {
        super(message);
    }
}
