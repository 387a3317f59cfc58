package org.sfdw.workers;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import org.sfdw.service.ConfigurationCheck;
import org.sfdw.service.SafeServerBundle;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import org.sfdw.spool.bsread.BsreadDecoder;
import org.sfdw.spool.metrics.PrometheusEndpoint;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.spool.outcome.OutcomeSender;
import org.sfdw.workers.core.ErrFileWriter;
import org.sfdw.workers.core.RequestReceiver;
import org.sfdw.workers.core.WriteRequestProcessor;
import org.sfdw.workers.core.WriterMetrics;
import org.sfdw.workers.health.DataApiHealthCheck;
import org.sfdw.workers.health.ReceiverHealthCheck;
import org.zeromq.ZContext;

import java.time.Clock;
import java.time.Duration;

/** A writer: pulls write requests, fetches their data from the data api and writes HDF5 files (or .err files). */
public class WriterApplication extends Application<WriterConfiguration> {

    /** Null keeps Bootstrap's default (a file path), which test support may replace. */
    private final ConfigurationSourceProvider configurationSource;

    public WriterApplication() {
        this(null);
    }

    /** @param configurationSource where {@code server <path>} reads its configuration from (e.g. one section of a shared file) */
    public WriterApplication(ConfigurationSourceProvider configurationSource) {
        this.configurationSource = configurationSource;
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
        if (configurationSource != null) {
            bootstrap.setConfigurationSourceProvider(configurationSource);
        }
        bootstrap.addBundle(new SafeServerBundle());
    }

    @Override
    protected void addDefaultCommands(Bootstrap<WriterConfiguration> bootstrap) {
        bootstrap.addCommand(new ServerCommand<>(this));
        bootstrap.addCommand(new ConfigurationCheck<>(this, "writer"));
    }

    @Override
    public void run(WriterConfiguration config, Environment environment) {
        Clock clock = Clock.systemDefaultZone();
        WriteRequestProcessor processor = new WriteRequestProcessor(config.getDataApi().build(environment.getObjectMapper()),
                config.fileWriter(environment.getObjectMapper()), new ErrFileWriter(clock),
                environment.getObjectMapper(), config.processorSettings(), new WriterMetrics(environment.metrics()),
                clock);

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
        environment.lifecycle().manage(receiver);
        environment.healthChecks().register("receiver", new ReceiverHealthCheck(receiver));
        environment.healthChecks().register("dataApi", new DataApiHealthCheck(
                java.net.URI.create(config.getDataApi().getQueryUrl()), Duration.ofSeconds(2)));
        environment.admin().addServlet("prometheus", PrometheusEndpoint.servlet(environment.metrics()))
                .addMapping("/prometheus");
    }
}
