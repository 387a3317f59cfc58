package org.sfdw.workers;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A writer does not start on a data api nobody chose. */
class WriterConfigurationTest {

    private static DropwizardTestSupport<WriterConfiguration> writer(ConfigOverride... overrides) {
        return new DropwizardTestSupport<>(WriterApplication.class,
                ResourceHelpers.resourceFilePath("writer-with-placeholder.yml"), overrides);
    }

    @Test
    void theTemplatesPlaceholderDataApiKeepsTheWriterFromStartingAndSaysWhatToSet() {
        DropwizardTestSupport<WriterConfiguration> writer = writer();

        assertThatThrownBy(writer::before)
                .hasStackTraceContaining("dataApi.queryUrl is still the installed template's placeholder")
                .hasStackTraceContaining("https://data-api.psi.ch/sf/query");
        writer.after();
    }

    @Test
    void aQueryUrlThatIsNotHttpIsRefused() {
        DropwizardTestSupport<WriterConfiguration> writer =
                writer(ConfigOverride.config("dataApi.queryUrl", "data-api.psi.ch/sf/query"));

        assertThatThrownBy(writer::before)
                .hasStackTraceContaining("dataApi.queryUrl must be an absolute http:// or https:// URL with a host");
        writer.after();
    }

    @Test
    void aChosenDataApiStartsTheWriter() throws Exception {
        DropwizardTestSupport<WriterConfiguration> writer =
                writer(ConfigOverride.config("dataApi.queryUrl", "http://127.0.0.1:9/sf/query"));
        try {
            writer.before();
            assertThat(writer.getConfiguration().getDataApi().getQueryUrl()).isEqualTo("http://127.0.0.1:9/sf/query");
        } finally {
            writer.after();
        }
    }
}
