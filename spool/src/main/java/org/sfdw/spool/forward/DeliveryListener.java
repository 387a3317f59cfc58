package org.sfdw.spool.forward;

import org.sfdw.spool.WriteRequest;

/** Told of every request the forwarder handed to ZMQ, before the forwarder moves past it. */
public interface DeliveryListener {

    void sent(WriteRequest request);

    /** For brokers without acknowledgements: nothing is tracked. */
    DeliveryListener NONE = request -> { };
}
