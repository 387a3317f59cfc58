package org.sfdw.workers.core;

/** The target holds another request's file, which this writer does not replace; not worth retrying. */
public class ExistingFileException extends RuntimeException {

    public ExistingFileException(String message) {
        super(message);
    }
}
