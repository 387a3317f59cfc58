package org.sfdw.spool;

/**
 * A request as the spool holds it, with when it was spooled (epoch milliseconds, never decreasing along the
 * spool, so that time ranges can be searched).
 */
public record SpoolEntry(WriteRequest request, long spooledAtMillis) {
}
