package org.sfdw.service;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.Optional;

/** The smallest service that uses the bundle as the three real ones do. */
public final class TinyApplication extends Application<TinyApplication.TinyConfiguration> {

    public static final class TinyConfiguration extends Configuration {
        public TinyConfiguration() {
            setServerFactory(ServerDefaults.loopback(0, 0));
        }
    }

    @Path("/hello")
    public static final class Hello {
        @GET
        @Path("{word}")
        public String hello(@PathParam("word") String word) {
            return "hello " + word;
        }
    }

    private final Optional<String> section;

    public TinyApplication() {
        this(Optional.empty());
    }

    public TinyApplication(Optional<String> section) {
        this.section = section;
    }

    @Override
    public void initialize(Bootstrap<TinyConfiguration> bootstrap) {
        bootstrap.addBundle(new ServiceBundle(section));
    }

    @Override
    public void run(TinyConfiguration configuration, Environment environment) {
        environment.jersey().register(new Hello());
    }
}
