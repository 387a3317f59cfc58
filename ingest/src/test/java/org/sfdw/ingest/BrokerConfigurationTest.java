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

    @Test
    void aBadNotificationsSectionIsRefusedNamingWhatIsWrongAndOpensNothing() {
        String[][] cases = {
                {"notifications.epicsWriterUrl", "ftp://epics/notify", "epicsWriterUrl must be empty (off) or an http"},
                {"notifications.targets[0].events", "spooled,written", "events must be [spooled], or any of"},
                {"notifications.targets[0].name", "epics_writer", "targets need names of their own"},
                {"notifications.targets[0].url", "logbook:80", "url must be an http:// or https:// URL"},
                {"delivery.acknowledgements", "false", "need delivery.acknowledgements: true"}};
        for (String[] bad : cases) {
            DropwizardTestSupport<BrokerConfiguration> broker = new DropwizardTestSupport<>(BrokerApplication.class,
                    ResourceHelpers.resourceFilePath("broker-notify-test.yml"),
                    ConfigOverride.config("spool.directory", dir.resolve("spool").toString()),
                    ConfigOverride.config("allowedOutputRoots", dir.toString()),
                    ConfigOverride.config(bad[0], bad[1]));

            assertThatThrownBy(broker::before).as(bad[0]).hasStackTraceContaining(bad[2]);
            assertThat(Files.exists(dir.resolve("spool"))).as("nothing was opened").isFalse();
            broker.after();
        }
    }
}
