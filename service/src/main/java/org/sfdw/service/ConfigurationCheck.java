package org.sfdw.service;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code sfdw broker|writer|sim check FILE}: reads and validates a configuration as a start would, starts nothing,
 * and says what is wrong in one line per problem on stderr ({@code FILE: problem}), exit status 1; a valid one
 * gets one line on stdout and exit status 0. The systemd units run it before each start, so that a wrong key is
 * one clear line in the journal instead of a stack trace, and nothing starts with it.
 */
public final class ConfigurationCheck<T extends Configuration> extends ConfiguredCommand<T> {

    private final Class<T> configurationClass;
    private final String service;

    public ConfigurationCheck(Application<T> application, String service) {
        super("check", "validate the configuration file without starting anything");
        this.configurationClass = application.getConfigurationClass();
        this.service = service;
    }

    @Override
    protected Class<T> getConfigurationClass() {
        return configurationClass;
    }

    @Override
    protected void run(Bootstrap<T> bootstrap, Namespace namespace, T configuration) {
        System.out.println(file(namespace) + ": a valid " + service + " configuration");
        System.out.flush();
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        PrintWriter err = cli.getStdErr();
        problems(e).forEach(problem -> err.println(file(namespace) + ": " + problem));
        err.flush();
    }

    /** One line per problem: Dropwizard's own messages run over several lines with indented details. */
    static List<String> problems(Throwable e) {
        Stream<String> messages = e instanceof ConfigurationException configuration
                ? configuration.getErrors().stream()
                : Stream.of(e.getMessage() == null ? e.toString() : e.getMessage());
        return messages.map(message -> String.join(" ", message.strip().split("\\s*\\R\\s*"))).toList();
    }

    private static String file(Namespace namespace) {
        String file = namespace.getString("file");
        return file == null ? "(no configuration file)" : file;
    }
}
