package org.sfdw.workers;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import org.sfdw.service.ConfigurationCheck;
import org.sfdw.service.ServiceBundle;
import org.sfdw.spool.bsread.BsreadDecoder;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.spool.outcome.OutcomeSender;
import org.sfdw.workers.core.RequestReceiver;
import org.sfdw.workers.core.WriteRequestProcessor;
import org.sfdw.workers.health.DataApiHealthCheck;
import org.sfdw.workers.health.ReceiverHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** A writer: pulls write requests, fetches their data from the data api and writes HDF5 files (or .err files). */
public class WriterApplication extends Application<WriterConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(WriterApplication.class);

    /** The section of a shared file this service reads ({@code broker:}), or empty for a file of its own. */
    private final Optional<String> section;

    public WriterApplication() {
        this(Optional.empty());
    }

    public WriterApplication(Optional<String> section) {
        this.section = section;
    }

    public static void main(String[] args) throws Exception {
        new WriterApplication().run(args);
    }

    @Override
    public String getName() {
        return "sfdw-writer";
    }

    @Override
    public void initialize(Bootstrap<WriterConfiguration> bootstrap) {
        bootstrap.addBundle(new ServiceBundle(section));
    }

    @Override
    protected void addDefaultCommands(Bootstrap<WriterConfiguration> bootstrap) {
        bootstrap.addCommand(new ServerCommand<>(this));
        bootstrap.addCommand(new ConfigurationCheck<>(this, "writer"));
    }

    @Override
    public void run(WriterConfiguration config, Environment environment) {
        Clock clock = Clock.systemDefaultZone();
        WriteRequestProcessor processor = config.buildProcessor(config.getDataApi().build(environment.getObjectMapper()),
                environment.getObjectMapper(), environment.metrics(), clock);

        ZContext zmq = new ZContext();
        OutcomeSender outcomes = new OutcomeSender(zmq, config.getOutcomes().getAddress(),
                new OutcomeCodec(environment.getObjectMapper()));
        RequestReceiver receiver = new RequestReceiver(zmq, config.getStream().getAddress(),
                config.getStream().getReceiveHighWaterMark(), new BsreadDecoder(environment.getObjectMapper()),
                processor, outcomes, Duration.ofMillis(config.getOutcomes().getHeartbeatInterval().toMilliseconds()),
                environment.metrics());
        // Stopped in reverse order: the receiver first, then the outcome socket, then the ZMQ context.
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                outcomes.close();
                zmq.close();
            }
        });
        // Started before the receiver, so the first request finds compiled code; a failed rehearsal only costs speed.
        environment.lifecycle().manage(new Managed() {
            @Override
            public void start() {
                try {
                    config.warmUp(environment.getObjectMapper()).run();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("The warm-up before the first request failed; requests are written all the same: {}",
                            e.toString());
                }
            }
        });
        environment.lifecycle().manage(receiver);
        environment.healthChecks().register("receiver", new ReceiverHealthCheck(receiver));
        environment.healthChecks().register("dataApi", new DataApiHealthCheck(
                java.net.URI.create(config.getDataApi().getQueryUrl()), Duration.ofSeconds(2)));
    }
}
