package org.sfdw.ingest.core;

import java.util.Locale;

/** Where a spooled write request is on its way to a file. */
public enum RequestStatus {
    SPOOLED, FORWARDED, WRITING, WRITTEN, FAILED, SKIPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws RejectedException naming the valid statuses */
    public static RequestStatus fromLabel(String label) {
        for (RequestStatus status : values()) {
            if (status.label().equals(label)) {
                return status;
            }
        }
        throw new RejectedException("unknown request status '" + label + "'; one of spooled, forwarded, writing, "
                + "written, failed, skipped");
    }
}
