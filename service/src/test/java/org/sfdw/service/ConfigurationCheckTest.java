package org.sfdw.service;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check} as an operator meets it: one line per problem on stderr, one line on stdout when all is well. */
class ConfigurationCheckTest {

    @TempDir
    Path dir;

    private record Checked(Optional<Throwable> failure, String out, String err) {
    }

    private Checked check(String yaml) throws Exception {
        return check(yaml, Optional.empty());
    }

    private Checked check(String yaml, Optional<String> section) throws Exception {
        Path file = Files.writeString(dir.resolve("service.yml"), yaml);
        TinyApplication application = new TinyApplication(section);
        Bootstrap<TinyApplication.TinyConfiguration> bootstrap = new Bootstrap<>(application);
        bootstrap.addCommand(new ConfigurationCheck<>(application, "tiny"));
        application.initialize(bootstrap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Optional<Throwable> failure = new Cli(new JarLocation(getClass()), bootstrap, out, err)
                    .run("check", file.toString());
            return new Checked(failure, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(systemOut);
        }
    }

    @Test
    void aValidConfigurationGetsOneLineOnStdout() throws Exception {
        Checked checked = check("logging:\n  level: WARN\n");

        assertThat(checked.failure()).isEmpty();
        assertThat(checked.out()).endsWith(dir.resolve("service.yml") + ": a valid tiny configuration\n");
        assertThat(checked.err()).isEmpty();
    }

    @Test
    void everyProblemIsOneLineNamingTheFile() throws Exception {
        Checked checked = check("""
                logging:
                  level: WARN
                server:
                  applicationConnectors:
                    - type: http
                      port: -5
                  adminConnectors:
                    - type: http
                      port: 70000
                """);

        assertThat(checked.failure()).isPresent();
        String file = dir.resolve("service.yml").toString();
        assertThat(checked.err().lines().toList()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith(file + ": "))
                .anySatisfy(line -> assertThat(line).contains("applicationConnectors[0].port"))
                .anySatisfy(line -> assertThat(line).contains("adminConnectors[0].port"));
    }

    @Test
    void aKeyThatDoesNotExistIsOneLineWithTheSuggestions() throws Exception {
        Checked checked = check("logging:\n  level: WARN\nsevrer: {}\n");

        assertThat(checked.failure()).isPresent();
        assertThat(checked.err().lines().toList()).singleElement().asString()
                .startsWith(dir.resolve("service.yml") + ": Unrecognized field at: sevrer").contains("server");
    }

    @Test
    void aServiceReadsItsSectionOfASharedFileWithTheEnvironmentsDefaultsFilledIn() throws Exception {
        String shared = """
                tiny:
                  server:
                    applicationConnectors:
                      - type: http
                        port: ${SFDW_TEST_VARIABLE_NOBODY_SETS:-0}
                other:
                  anything: at all
                """;

        Checked checked = check(shared, Optional.of("tiny"));
        Checked unsubstituted = check("server:\n  applicationConnectors:\n    - type: http\n"
                + "      port: ${SFDW_TEST_VARIABLE_NOBODY_SETS}\n");

        assertThat(checked.failure()).as(checked.err()).isEmpty();
        assertThat(unsubstituted.failure()).as("a variable without a default stays as written, which is no port")
                .isPresent();
        assertThat(unsubstituted.err()).contains("port");
    }
}
