package org.sfdw.spool.store;

import org.sfdw.spool.SpoolUnavailableException;

/** The spool's disk has less free space than the reserve: nothing was written. */
public class SpoolFullException extends SpoolUnavailableException {
    public SpoolFullException(String message) {
        super(message);
    }
}
