package org.sfdw.ops;

import org.sfdw.ingest.BrokerApplication;
import org.sfdw.ops.cli.CommandLine;
import org.sfdw.ops.cli.ToolRun;
import org.sfdw.ops.sim.SimulatorApplication;
import org.sfdw.workers.WriterApplication;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one jar's entry point: {@code java -jar sfdw.jar <command> ...}; ops/bin/sfdw wraps it. Every command line
 * goes through {@link CommandLine}: usage errors exit 2, failures 1, success 0; a tool's error is one line on
 * stderr (a stack trace only with {@code --verbose}), and stdout carries only the tool's output.
 */
public final class SfdwMain {

    private SfdwMain() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine.Parsed command;
        try {
            command = new CommandLine().parse(args, System.out, System.err);
        } catch (CommandLine.Stop stop) {
            exit(stop.exitCode());
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (List.of("broker", "writer", "sim").contains(command.command())) {
            Optional<String> missing = missingConfig(serviceArgs(rest));
            if (missing.isPresent()) {
                System.err.println("sfdw " + command.command() + ": no such file: " + missing.get()
                        + " (the configuration; see 'sfdw " + command.command() + " --help')");
                exit(1);
                return;
            }
        }
        switch (command.command()) {
            case "broker" -> new BrokerApplication(Optional.of("broker")).run(serviceArgs(rest));
            case "writer" -> new WriterApplication(Optional.of("writer")).run(serviceArgs(rest));
            case "sim" -> new SimulatorApplication(Optional.of("simulator")).run(serviceArgs(rest));
            case "bench" -> {
                // The service jar holds services and operator tools only.
                System.err.println("sfdw bench: the benchmarks are in bench/target/sfdw-bench.jar, not in this jar: "
                        + "run them from a checkout with ops/bin/sfdw bench");
                exit(2);
            }
            default -> exit(new ToolRun(command, System.out, System.err).run());
        }
    }

    /**
     * {@code [CONFIG] [FLAGS]} becomes Dropwizard's {@code server CONFIG [FLAGS]} (e.g. the broker's
     * {@code --audit-trail-only}); explicit Dropwizard commands ({@code server}, {@code check}) pass through.
     */
    static String[] serviceArgs(String[] rest) {
        if (rest.length == 0) {
            return new String[]{"server", "config.yml"};
        }
        if (rest[0].equals("server") || rest[0].equals("check")) {
            return rest;
        }
        String[] args = new String[rest.length + 1];
        args[0] = "server";
        System.arraycopy(rest, 0, args, 1, rest.length);
        return args;
    }

    /** The services' options that take a value as the next argument (the broker's {@code --epics_writer_url}). */
    private static final List<String> OPTIONS_WITH_VALUE = List.of("--epics_writer_url", "--epics-writer-url");

    /** The configuration file a service would read, when it does not exist (Dropwizard says so in a stack trace). */
    static Optional<String> missingConfig(String[] dropwizardArgs) {
        for (int i = 1; i < dropwizardArgs.length; i++) {
            String arg = dropwizardArgs[i];
            if (OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return Files.exists(Path.of(arg)) ? Optional.empty() : Optional.of(arg);
            }
        }
        return Optional.empty();
    }

    private static void exit(int code) {
        System.out.flush();
        System.exit(code);
    }

}
