package org.sfdw.service;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;

import java.util.Optional;

/**
 * What every sfdw service has, added once in its {@code initialize()}:
 * <ul>
 *   <li>its configuration read with {@code ${VAR:-default}} taken from the environment, from one section of a
 *   shared file when it is given one ({@code broker:}, {@code writer:}, {@code simulator:}), so that
 *   {@code java -jar sfdw.jar broker FILE} and the launcher read a file the same way;</li>
 *   <li>{@link SafeServerModule}'s defaults: a port nobody asked to open stays on loopback, requests are not logged
 *   line by line;</li>
 *   <li>{@code /prometheus} on the admin port.</li>
 * </ul>
 */
public final class ServiceBundle implements ConfiguredBundle<Configuration> {

    private final Optional<String> section;

    /** @param section the top-level key of a shared file this service reads, or empty for a file of its own */
    public ServiceBundle(Optional<String> section) {
        this.section = section;
    }

    @Override
    public void initialize(Bootstrap<?> bootstrap) {
        bootstrap.getObjectMapper().registerModule(new SafeServerModule());
        ConfigurationSourceProvider file = ConfigSection.withEnvironment(bootstrap.getConfigurationSourceProvider());
        bootstrap.setConfigurationSourceProvider(section.<ConfigurationSourceProvider>map(
                name -> new ConfigSection(file, name)).orElse(file));
    }

    @Override
    public void run(Configuration configuration, Environment environment) {
        environment.admin().addServlet("prometheus", PrometheusEndpoint.servlet(environment.metrics()))
                .addMapping("/prometheus");
    }
}
