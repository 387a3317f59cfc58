package org.sfdw.ingest;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import org.sfdw.ingest.cli.BrokerServerCommand;
import org.sfdw.ingest.core.Acquisition;
import org.sfdw.ingest.core.BrokerStatistics;
import org.sfdw.ingest.core.ChannelLimits;
import org.sfdw.ingest.core.ChannelsFile;
import org.sfdw.ingest.core.ForwarderStatuses;
import org.sfdw.ingest.core.ManagedForwarder;
import org.sfdw.ingest.core.OutputPathPolicy;
import org.sfdw.ingest.core.ParametersValidator;
import org.sfdw.ingest.core.ProcessExit;
import org.sfdw.ingest.core.RequestSpooler;
import org.sfdw.ingest.core.Resubmission;
import org.sfdw.ingest.core.WriteRequestFactory;
import org.sfdw.ingest.health.ForwarderHealthCheck;
import org.sfdw.ingest.health.SpoolHealthCheck;
import org.sfdw.ingest.resources.BrokerResource;
import org.sfdw.ingest.resources.RequestsResource;
import org.sfdw.spool.Spool;
import org.sfdw.spool.forward.Forwarder;
import org.sfdw.spool.forward.ForwarderSettings;
import org.sfdw.spool.json.PythonJson;
import org.sfdw.spool.metrics.PrometheusEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The broker: takes acquisitions over REST, spools their write requests durably, forwards them to writers. */
public class BrokerApplication extends Application<BrokerConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerApplication.class);

    /** Null keeps Bootstrap's default (a file path), which test support may replace. */
    private final ConfigurationSourceProvider configurationSource;

    public BrokerApplication() {
        this(null);
    }

    /** @param configurationSource where {@code server <path>} reads its configuration from (e.g. one section of a shared file) */
    public BrokerApplication(ConfigurationSourceProvider configurationSource) {
        this.configurationSource = configurationSource;
    }

    public static void main(String[] args) throws Exception {
        new BrokerApplication().run(args);
    }

    @Override
    public String getName() {
        return "sfdw-broker";
    }

    @Override
    protected void addDefaultCommands(Bootstrap<BrokerConfiguration> bootstrap) {
        bootstrap.addCommand(new BrokerServerCommand(this));
        bootstrap.addCommand(new CheckCommand<>(this));
    }

    @Override
    public void initialize(Bootstrap<BrokerConfiguration> bootstrap) {
        if (configurationSource != null) {
            bootstrap.setConfigurationSourceProvider(configurationSource);
        }
    }

    @Override
    public void run(BrokerConfiguration config, Environment environment) {
        Spool spool = Spool.open(Path.of(config.getSpool().getDirectory()), config.getSpool().getDurability());
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                spool.close();
            }
        });
        Optional<Forwarder> forwarder = config.isAuditTrailOnly() ? Optional.empty() : Optional.of(forwarder(config,
                spool, environment));
        if (forwarder.isEmpty()) {
            LOG.warn("Audit trail only: write requests are spooled but not forwarded to writers");
        }

        Clock clock = Clock.systemDefaultZone();
        PythonJson json = new PythonJson(environment.getObjectMapper());
        OutputPathPolicy paths = new OutputPathPolicy(config.getAllowedOutputRoots().stream().map(Path::of).toList());
        ChannelLimits limits = new ChannelLimits(config.getMaxChannels(), config.getMaxPictureChannels());
        ParametersValidator validator = new ParametersValidator(paths, limits);
        RequestSpooler spooler = new RequestSpooler(spool, environment.metrics());
        BrokerStatistics statistics = new BrokerStatistics(clock, environment.metrics());
        String channelsFile = config.getChannelsFile();
        Acquisition acquisition = new Acquisition(spooler,
                new ChannelsFile(channelsFile.isBlank() ? Optional.empty() : Optional.of(Path.of(channelsFile))),
                limits, new WriteRequestFactory(json, config.isSeparateCameraChannels(), paths), statistics, clock);

        environment.jersey().register(new BrokerResource(acquisition, validator, statistics, spooler, forwarder,
                ProcessExit.system(), config.isKillEnabled(), environment.getObjectMapper(), config.getMaxBodyBytes()));
        environment.jersey().register(new RequestsResource(spooler, new ForwarderStatuses(forwarder),
                new Resubmission(spooler, validator, statistics, environment.getObjectMapper(), clock), statistics,
                environment.getObjectMapper(), config.getMaxBodyBytes()));
        environment.healthChecks().register("spool", new SpoolHealthCheck(spool.directory()));
        forwarder.ifPresent(f -> environment.healthChecks().register("forwarder", new ForwarderHealthCheck(f)));
        environment.admin().addServlet("prometheus", PrometheusEndpoint.servlet(environment.metrics()))
                .addMapping("/prometheus");
    }

    private static Forwarder forwarder(BrokerConfiguration config, Spool spool, Environment environment) {
        ZContext zmq = new ZContext();
        zmq.setLinger(1000);
        BrokerConfiguration.StreamFactory stream = config.getStream();
        Forwarder forwarder = new Forwarder(spool, zmq, new ForwarderSettings(stream.getBindAddress(),
                stream.isSendRequestIds(), java.time.Duration.ofMillis(stream.getSendTimeout().toMilliseconds()),
                stream.getHighWaterMark()));
        // Managed objects stop in reverse order: forwarder, then ZMQ, then the spool registered before.
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                zmq.close();
            }
        });
        environment.lifecycle().manage(new ManagedForwarder(forwarder));
        environment.metrics().gauge("sfdw.broker.forwarder.waiting_for_writer",
                () -> () -> forwarder.isWaitingForWriter() ? 1 : 0);
        environment.metrics().gauge("sfdw.broker.requests.forwarded", () -> forwarder::forwardedCount);
        return forwarder;
    }
}
