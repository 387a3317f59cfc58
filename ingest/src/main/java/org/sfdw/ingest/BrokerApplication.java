package org.sfdw.ingest;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import org.sfdw.ingest.core.Acquisition;
import org.sfdw.ingest.core.ChannelsFile;
import org.sfdw.ingest.core.ManagedForwarder;
import org.sfdw.ingest.core.WriteRequestFactory;
import org.sfdw.ingest.health.ForwarderHealthCheck;
import org.sfdw.ingest.health.SpoolHealthCheck;
import org.sfdw.ingest.resources.BrokerResource;
import org.sfdw.spool.Spool;
import org.sfdw.spool.forward.Forwarder;
import org.sfdw.spool.forward.ForwarderSettings;
import org.sfdw.spool.json.PythonJson;
import org.zeromq.ZContext;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The broker: takes acquisitions over REST, spools their write requests durably, forwards them to writers. */
public class BrokerApplication extends Application<BrokerConfiguration> {

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

        PythonJson json = new PythonJson(environment.getObjectMapper());
        String channelsFile = config.getChannelsFile();
        Acquisition acquisition = new Acquisition(spool,
                new ChannelsFile(channelsFile.isBlank() ? Optional.empty() : Optional.of(Path.of(channelsFile))),
                new WriteRequestFactory(json, config.isSeparateCameraChannels()),
                Clock.systemUTC());

        environment.jersey().register(new BrokerResource(acquisition, environment.getObjectMapper()));
        environment.healthChecks().register("spool", new SpoolHealthCheck(spool.directory()));

        if (config.isAuditTrailOnly()) {
            return;
        }
        ZContext zmq = new ZContext();
        zmq.setLinger(1000);
        BrokerConfiguration.StreamFactory stream = config.getStream();
        Forwarder forwarder = new Forwarder(spool, zmq, new ForwarderSettings(stream.getBindAddress(),
                stream.isSendRequestIds(), java.time.Duration.ofMillis(stream.getSendTimeout().toMilliseconds()),
                stream.getHighWaterMark()));
        // Managed objects stop in reverse order: forwarder, then ZMQ, then the spool registered above.
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                zmq.close();
            }
        });
        environment.lifecycle().manage(new ManagedForwarder(forwarder));
        environment.healthChecks().register("forwarder", new ForwarderHealthCheck(forwarder));
    }
}
