package org.sfdw.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@code sfdw broker ...} becomes Dropwizard's command line, and which file it takes for the configuration. */
class ServiceArgumentsTest {

    @TempDir
    Path dir;

    @Test
    void theConfigurationIsFoundBesideTheBrokersOptionsWhereverTheyStand() throws Exception {
        String config = Files.writeString(dir.resolve("config.yml"), "broker: {}\n").toString();
        String missing = dir.resolve("nowhere.yml").toString();

        for (String[] args : new String[][]{{config, "--epics_writer_url", "http://epics:10200/notify"},
                {"--epics_writer_url", "http://epics:10200/notify", config},
                {"--epics-writer-url", "", "--audit-trail-only", config},
                {"--epics_writer_url=http://epics:10200/notify", config}}) {
            String[] dropwizard = SfdwMain.serviceArgs(args);
            assertThat(dropwizard[0]).isEqualTo("server");
            assertThat(SfdwMain.missingConfig(dropwizard)).as(String.join(" ", args)).isEmpty();
        }
        assertThat(SfdwMain.missingConfig(SfdwMain.serviceArgs(new String[]{"--epics_writer_url", "http://x",
                missing}))).hasValue(missing);
    }
}
