package org.sfdw.workers.core;

/** The output file or its directory cannot be written (permissions, disk full, a bad path). */
public class OutputFileException extends RuntimeException {

    public OutputFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
