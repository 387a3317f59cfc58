package org.sfdw.ingest.core;

import io.dropwizard.lifecycle.Managed;
import org.sfdw.spool.forward.Forwarder;

/** Starts the forwarder with the server and stops it before the spool closes. */
public final class ManagedForwarder implements Managed {

    private final Forwarder forwarder;

    public ManagedForwarder(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void start() {
        forwarder.start();
    }

    @Override
    public void stop() {
        forwarder.close();
    }
}
