package org.sfdw.rawevent;

/** A rawevent body that is not what data-api.md §6 describes (not a truncation: that is an EOFException). */
public class RawEventFormatException extends RuntimeException {

    public RawEventFormatException(String message) {
        super(message);
    }

    public RawEventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
