package org.sfdw.service;

import io.dropwizard.core.Configuration;
import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.setup.Bootstrap;

/**
 * Added by each of the services in {@code initialize()}: the configuration it reads gets {@link SafeServerModule}'s
 * defaults, so that a port nobody asked to open stays on loopback and requests are not logged line by line.
 */
public final class SafeServerBundle implements ConfiguredBundle<Configuration> {

    @Override
    public void initialize(Bootstrap<?> bootstrap) {
        bootstrap.getObjectMapper().registerModule(new SafeServerModule());
    }
}
