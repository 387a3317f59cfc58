package org.sfdw.ops.sim;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import org.sfdw.ops.sim.core.ConnectionRefusal;
import org.sfdw.ops.sim.core.FaultSwitch;
import org.sfdw.ops.sim.core.QueryResponseWriter;
import org.sfdw.ops.sim.core.SimulatedChannel;
import org.sfdw.ops.sim.resources.EpicsWriterResource;
import org.sfdw.ops.sim.resources.QueryResource;
import org.sfdw.ops.sim.tasks.FaultTask;
import org.sfdw.service.ConfigurationCheck;
import org.sfdw.service.ServiceBundle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A data buffer that speaks the data-api protocol over HTTP, with deterministic values, for demos and tests. */
public class SimulatorApplication extends Application<SimulatorConfiguration> {

    /** The section of a shared file this service reads ({@code broker:}), or empty for a file of its own. */
    private final Optional<String> section;

    public SimulatorApplication() {
        this(Optional.empty());
    }

    public SimulatorApplication(Optional<String> section) {
        this.section = section;
    }

    @Override
    public String getName() {
        return "sfdw-sim";
    }

    @Override
    public void initialize(Bootstrap<SimulatorConfiguration> bootstrap) {
        bootstrap.addBundle(new ServiceBundle(section));
    }

    @Override
    protected void addDefaultCommands(Bootstrap<SimulatorConfiguration> bootstrap) {
        bootstrap.addCommand(new ServerCommand<>(this));
        bootstrap.addCommand(new ConfigurationCheck<>(this, "simulator"));
    }

    @Override
    public void run(SimulatorConfiguration config, Environment environment) {
        Map<String, SimulatedChannel> catalog = new LinkedHashMap<>();
        for (SimulatedChannel channel : config.getChannels()) {
            catalog.put(channel.name(), channel);
        }
        FaultSwitch faults = new FaultSwitch();
        environment.jersey().register(new QueryResource(environment.getObjectMapper(),
                new QueryResponseWriter(catalog), config.getMaxPulsesPerQuery(), faults));
        environment.jersey().register(new EpicsWriterResource(environment.getObjectMapper()));
        ConnectionRefusal refusal = new ConnectionRefusal();
        environment.lifecycle().addServerLifecycleListener(refusal::attach);
        environment.lifecycle().manage(new io.dropwizard.lifecycle.Managed() {
            @Override
            public void stop() {
                refusal.close();
            }
        });
        environment.admin().addTask(new FaultTask(faults, refusal));
        environment.healthChecks().register("catalog", new com.codahale.metrics.health.HealthCheck() {
            @Override
            protected Result check() {
                return Result.healthy(catalog.size() + " simulated channels");
            }
        });
    }
}
