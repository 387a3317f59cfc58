package org.sfdw.spool.bsread;

import org.sfdw.spool.WriteRequest;

/**
 * One sending of a write request as a writer receives it.
 *
 * @param number which sending it is: 1 the first, 2 the first redelivery, ...; {@link #UNKNOWN} when the sender does
 *               not count them (the original broker, or acknowledgements off)
 */
public record WriteRequestDelivery(WriteRequest request, int number) {

    public static final int UNKNOWN = 0;
}
