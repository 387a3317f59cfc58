package org.sfdw.spool.store;

import org.sfdw.spool.SpoolUnavailableException;

/** A stored record whose bytes are not what was written: a checksum mismatch, a cut, a field that runs over. */
public class DamagedRecordException extends SpoolUnavailableException {
    public DamagedRecordException(String message) {
        super(message);
    }

    /** The same damage, with where it was found prefixed. */
    public DamagedRecordException at(String where) {
        return new DamagedRecordException(where + ": " + getMessage());
    }
}
