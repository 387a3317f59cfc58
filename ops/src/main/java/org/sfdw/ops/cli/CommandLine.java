package org.sfdw.ops.cli;

import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.helper.HelpScreenException;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

import java.io.PrintStream;
import java.util.List;

/**
 * Every {@code sfdw} command and its options, in one argparse4j parser (the one Dropwizard's own commands use): the
 * usage texts of {@code sfdw help}, {@code sfdw <command> --help} and {@code -h} are generated from it, and so is
 * the README's command list (checked by a test). The launcher's own commands are listed here too.
 */
public final class CommandLine {

    /** Commands only the launcher script has; they set up, build and test, before there is a jar. */
    public static final List<String> LAUNCHER_COMMANDS = List.of("demo", "test", "setup", "build");

    /** What a command line asks for: the command's path ({@code "spool salvage"}) and its arguments. */
    public record Parsed(String command, Namespace arguments) {

        public boolean verbose() {
            return Boolean.TRUE.equals(arguments.getBoolean("verbose"));
        }
    }

    /** The command line could not be parsed, or asked for help: what to print, and the exit code. */
    public static final class Stop extends Exception {
        private final int exitCode;

        Stop(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final ArgumentParser parser;

    public CommandLine() {
        parser = ArgumentParsers.newFor("sfdw").terminalWidthDetection(false).defaultFormatWidth(110).build()
                .description("sfdw: the data-buffer writer's services and tools. Run 'sfdw <command> --help' for a "
                        + "command's options.")
                .epilog("ops/bin/sfdw also has: demo (the whole pipeline on the simulator), test (the test suite), "
                        + "setup (install what is missing), build (build ops/target/sfdw.jar). Environment: "
                        + "JAVA_OPTS, SFDW_CONFIG (default config.yml), SFDW_DATA.");
        verbose(parser);
        Subparsers commands = parser.addSubparsers().title("commands").dest("command").metavar("COMMAND");

        Subparser broker = service(commands, "broker", "run the broker: REST API, spool, forwarder (section "
                + "'broker:' of CONFIG)");
        broker.addArgument("--audit-trail-only").action(Arguments.storeTrue())
                .help("spool and answer, forward nothing (the original's audit-trail-only mode)");
        broker.addArgument("--epics_writer_url", "--epics-writer-url").metavar("URL")
                .help("tell the EPICS writer here about each stop (the original's option; default: "
                        + "notifications.epicsWriterUrl; empty: nobody)");
        service(commands, "writer", "run a writer (section 'writer:'); start several for parallel writing");
        service(commands, "sim", "run the data-buffer simulator (section 'simulator:')");

        Subparser inspect = command(commands, "inspect", "show what HDF5 files hold: /general, channels with dtype, "
                + "shape and presence, pulse range, completeness report; for other files, what of sfdw's layout is "
                + "absent");
        inspect.addArgument("files").metavar("FILE").nargs("+").help("HDF5 files");

        Subparsers audit = command(commands, "audit", "the audit trail").addSubparsers().dest("audit_command")
                .title("subcommands").metavar("SUBCOMMAND");
        Subparser export = command(audit, "export", "print the spool as the original's audit-trail lines "
                + "(safe while the broker runs)");
        export.addArgument("--from").metavar("ID|TIME").help("first request id, or a time (YYYY-mm-dd[THH:MM[:SS]])");
        export.addArgument("--to").metavar("ID|TIME").help("last request id, or a time");
        spoolOptions(export);

        Subparsers spool = command(commands, "spool", "check or save a spool").addSubparsers().dest("spool_command")
                .title("subcommands").metavar("SUBCOMMAND");
        spoolOptions(command(spool, "verify", "check every record of the spool and its outcome journal; damaged "
                + "ones on stdout, exit 1 when there are any"));
        Subparser salvage = command(spool, "salvage", "copy every intact record of a damaged spool into a new one "
                + "(ids kept); audit lines of damaged records that still read on stdout");
        salvage.addArgument("--to").metavar("DIR").required(true).help("the new spool (must not exist)");
        salvage.addArgument("--resume-from").metavar("ID").help("ids of the new spool continue after this one");
        spoolOptions(salvage);

        Subparser submit = command(commands, "submit", "re-run every line of audit-trail or .err files through the "
                + "broker (POST /requests)");
        submit.addArgument("files").metavar("FILE").nargs("+").help("audit-trail or .err files");
        submit.addArgument("--broker").metavar("URL").help("the broker (default: from CONFIG's broker section)");
        config(submit);

        Subparser write = command(commands, "write", "redo the requests of .err or audit-trail files here, without "
                + "the broker, and print each file's completeness report");
        write.addArgument("files").metavar("FILE").nargs("+").help(".err or audit-trail files");
        write.addArgument("--output").metavar("PATH").help("write here instead of output_file; a directory (existing, "
                + "or ending in /) takes the request's file name");
        write.addArgument("--data-api").metavar("URL").help("the data api's query URL (default: CONFIG's writer)");
        config(write);

        Subparser bench = command(commands, "bench", "benchmarks (docs/BENCHMARKS.md)");
        bench.addArgument("benchmark").choices("writer", "hdf5", "broker", "history", "e2e", "micro").help("writer: "
                + "both formats next to read+discard and tokenise; hdf5: values written vs a raw write; broker: "
                + "stop_pulse_id latency per durability; history: start-up, lookups and memory of a broker with "
                + "years of requests; e2e: stop_pulse_id to renamed file; micro: JMH benchmarks of the hot loops "
                + "(number parsing, HDF5 strings, bitshuffle, row blocks)");
        bench.addArgument("options").metavar("ARG").nargs("*").help("DIR, then SECONDS (broker), SIZES as "
                + "10000,100000 (history), N (e2e) or cases as CHANNELSxSHAPExPULSES[:TYPE], e.g. 100x1x10000 or "
                + "1x640_480x100:uint16 (writer); for micro, JMH's own options (e.g. a benchmark name pattern)");

        command(commands, "help", "print this text");
    }

    private static Subparser service(Subparsers commands, String name, String help) {
        Subparser service = command(commands, name, help);
        service.addArgument("config").metavar("ARG").nargs("*").help("CONFIG, the configuration file (default "
                + "config.yml), or 'check CONFIG' to validate it without starting");
        return service;
    }

    private static Subparser command(Subparsers commands, String name, String help) {
        Subparser command = commands.addParser(name).help(help).description(help);
        verbose(command);
        return command;
    }

    private static void verbose(ArgumentParser parser) {
        parser.addArgument("--verbose").action(Arguments.storeTrue()).help("log at INFO on stderr, and show the "
                + "stack trace of a failure");
    }

    private static void spoolOptions(Subparser command) {
        command.addArgument("--spool").metavar("DIR").help("the spool directory (default: CONFIG's broker.spool)");
        config(command);
    }

    private static void config(Subparser command) {
        command.addArgument("--config").metavar("FILE").help("the configuration (default $SFDW_CONFIG, else "
                + "config.yml)");
    }

    /** The options of a whole command line ({@code "submit", "x.err", "--broker", URL}), for calling a tool. */
    public static Options options(String... commandLine) {
        try {
            return Options.of(new CommandLine().parse(commandLine, System.out, System.err).arguments());
        } catch (Stop e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code sfdw help}'s text. */
    public String usage() {
        return parser.formatHelp();
    }

    /** The names of the jar's commands, in order. */
    public static List<String> jarCommands() {
        return List.of("broker", "writer", "sim", "inspect", "audit", "spool", "submit", "write", "bench", "help");
    }

    /**
     * @throws Stop for help (exit 0, the text already on {@code out}) and for a usage error (exit 2, one line on
     *              {@code err})
     */
    public Parsed parse(String[] args, PrintStream out, PrintStream err) throws Stop {
        if (args.length == 0) {
            out.print(usage());
            throw new Stop("", 0);
        }
        try {
            Namespace parsed = parser.parseArgs(args);
            String command = parsed.getString("command");
            String sub = parsed.getString(command + "_command");
            if (command.equals("help")) {
                out.print(usage());
                throw new Stop("", 0);
            }
            return new Parsed(sub == null ? command : command + " " + sub, parsed);
        } catch (HelpScreenException e) {
            throw new Stop("", 0);
        } catch (ArgumentParserException e) {
            String prog = e.getParser().formatUsage().replaceFirst("(?s)^usage: ((?:[a-z0-9]+ )+).*", "$1").strip();
            err.println(prog + ": " + e.getMessage() + " (see '" + prog + " --help')");
            throw new Stop(e.getMessage(), 2);
        }
    }
}
