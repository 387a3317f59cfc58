package org.sfdw.spool.bsread;

/** A ZMQ message that is not a bsread message we can decode; the text says what is wrong with it. */
public class BsreadFormatException extends RuntimeException {
    public BsreadFormatException(String message) {
        super(message);
    }

    public BsreadFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
