package org.sfdw.spool;

/**
 * Acknowledged requests in the spool are damaged or missing: the broker refuses to start on it rather than lose
 * them quietly or hand their ids out again. The message names the file, the position and the commands that salvage.
 */
public class SpoolDamagedException extends SpoolUnavailableException {
    public SpoolDamagedException(String message) {
        super(message);
    }
}
