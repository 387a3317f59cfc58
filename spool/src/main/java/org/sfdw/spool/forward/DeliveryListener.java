package org.sfdw.spool.forward;

import org.sfdw.spool.WriteRequest;

/** Told of every request the forwarder handed to ZMQ, before the forwarder moves past it. */
public interface DeliveryListener {

    void sent(WriteRequest request);

    /**
     * Which sending of request {@code requestId} the next one is (1 the first): writers let a later sending's file
     * stand over an earlier one's.
     */
    default int nextDelivery(long requestId) {
        return 1;
    }

    /** For brokers without acknowledgements: nothing is tracked. */
    DeliveryListener NONE = request -> { };
}
