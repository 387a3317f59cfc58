package org.sfdw.ingest;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broker's configuration has no unsafe defaults to inherit. */
class BrokerConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void withoutAllowedOutputRootsTheBrokerRefusesToStartAndSaysWhichKeyToSet() {
        DropwizardTestSupport<BrokerConfiguration> broker = new DropwizardTestSupport<>(BrokerApplication.class,
                ResourceHelpers.resourceFilePath("broker-without-roots.yml"),
                ConfigOverride.config("spool.directory", dir.resolve("spool").toString()),
                ConfigOverride.config("delivery.acknowledgements", "false"));

        assertThatThrownBy(broker::before).hasStackTraceContaining("allowedOutputRoots must be set")
                .hasStackTraceContaining("broker.allowedOutputRoots in config.yml");
        assertThat(Files.exists(dir.resolve("spool"))).as("nothing was opened").isFalse();
        broker.after();
    }

    @Test
    void withoutAServerSectionTheBrokerListensOnLoopbackOnTheOriginalsPort() {
        DefaultServerFactory server = (DefaultServerFactory) new BrokerConfiguration().getServerFactory();

        assertThat(server.getApplicationConnectors()).singleElement().isInstanceOfSatisfying(HttpConnectorFactory.class,
                http -> assertThat(http.getBindHost() + ":" + http.getPort()).isEqualTo("127.0.0.1:10002"));
        assertThat(server.getAdminConnectors()).singleElement().isInstanceOfSatisfying(HttpConnectorFactory.class,
                http -> assertThat(http.getBindHost() + ":" + http.getPort()).isEqualTo("127.0.0.1:10102"));
    }
}
