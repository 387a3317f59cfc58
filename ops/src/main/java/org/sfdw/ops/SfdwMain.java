package org.sfdw.ops;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import org.sfdw.ingest.BrokerApplication;
import org.sfdw.ops.cli.AuditExportCommand;
import org.sfdw.ops.cli.H5FileSummary;
import org.sfdw.ops.cli.SpoolCommand;
import org.sfdw.ops.cli.SubmitCommand;
import org.sfdw.ops.cli.WriteCommand;
import org.sfdw.ops.config.ConfigSection;
import org.sfdw.ops.sim.SimulatorApplication;
import org.sfdw.workers.WriterApplication;

import java.nio.file.Path;
import java.util.Arrays;

/** The one jar's entry point: {@code java -jar sfdw.jar <command> ...}; ops/bin/sfdw wraps it. */
public final class SfdwMain {

    private static final String USAGE = """
            usage: sfdw <command> [arguments]
              broker  [CONFIG] [--audit-trail-only]
                                 run the broker         (section 'broker:' of CONFIG, default config.yml)
              writer  [CONFIG]   run a writer           (section 'writer:')
              sim     [CONFIG]   run the data-buffer simulator (section 'simulator:')
              inspect FILE...    show what HDF5 files written by sfdw hold
              audit export [--from ID|TIME] [--to ID|TIME] [--spool DIR] [--config FILE]
                                 print the spool as the original's audit-trail lines
              spool verify [--spool DIR] [--config FILE]
                                 check every record of the spool and its journal; damaged ones on stdout, exit 1
              spool salvage --to DIR [--spool DIR] [--config FILE] [--resume-from ID]
                                 copy every intact record of a damaged spool into a new one (ids kept); audit lines
                                 of damaged records that still read on stdout
              submit FILE... [--broker URL] [--config FILE]
                                 re-run every line of audit-trail or .err files through the broker
              write FILE... [--output PATH] [--data-api URL] [--config FILE]
                                 redo the requests of .err or audit-trail files here, without the broker,
                                 and print each file's completeness report
              bench writer [DIR] the writer in both formats next to read+discard and tokenise (MB/s, RSS)
              bench hdf5 [DIR]   the HDF5 side: values written vs a raw sequential write with fsync
              bench broker [DIR] [SECONDS]  stop_pulse_id latency and rate with SYNC, ASYNC, NONE
              bench e2e [DIR] [N]           stop_pulse_id to renamed file, small acquisitions
            A service command may be followed by Dropwizard's own: 'sfdw broker check CONFIG' validates CONFIG.
            """;

    private SfdwMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.print(USAGE);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "broker" -> new BrokerApplication(section("broker")).run(serviceArgs(rest));
            case "writer" -> new WriterApplication(section("writer")).run(serviceArgs(rest));
            case "sim" -> new SimulatorApplication(section("simulator")).run(serviceArgs(rest));
            case "inspect" -> inspect(rest);
            case "audit" -> exit(audit(rest));
            case "spool" -> exit(tool(() -> new SpoolCommand(System.out, System.err).run(rest)));
            case "submit" -> exit(tool(() -> new SubmitCommand(System.out, System.err).run(rest)));
            case "write" -> exit(tool(() -> new WriteCommand(System.out, System.err).run(rest)));
            case "bench" -> bench(rest);
            default -> {
                System.err.print("unknown command '" + args[0] + "'\n" + USAGE);
                System.exit(2);
            }
        }
    }

    private static ConfigurationSourceProvider section(String name) {
        return ConfigSection.of(name);
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

    private interface Tool {
        int run() throws Exception;
    }

    /** Runs a command-line tool; a refusal (bad option, bad range) is one line on standard error and exit code 2. */
    private static int tool(Tool tool) throws Exception {
        try {
            return tool.run();
        } catch (IllegalArgumentException | org.sfdw.spool.SpoolUnavailableException e) {
            System.err.println("sfdw: " + e.getMessage());
            return 2;
        }
    }

    private static int audit(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("export")) {
            System.err.print("sfdw audit: the subcommand is 'export'\n" + USAGE);
            return 2;
        }
        return tool(() -> new AuditExportCommand(System.out, System.err).run(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }

    private static void bench(String[] rest) throws Exception {
        String[] options = Arrays.copyOfRange(rest, Math.min(1, rest.length), rest.length);
        switch (rest.length == 0 ? "" : rest[0]) {
            case "writer" -> org.sfdw.ops.bench.WriterBenchmark.main(options);
            case "hdf5" -> org.sfdw.ops.bench.Hdf5Benchmark.main(options);
            case "broker" -> org.sfdw.ops.bench.BrokerBenchmark.main(options);
            case "e2e" -> org.sfdw.ops.bench.EndToEndBenchmark.main(options);
            default -> {
                System.err.print("sfdw bench needs one of: writer, hdf5, broker, e2e\n" + USAGE);
                System.exit(2);
            }
        }
    }

    private static void exit(int code) {
        System.out.flush();
        System.exit(code);
    }

    private static void inspect(String[] files) {
        if (files.length == 0) {
            System.err.print("sfdw inspect needs at least one file\n" + USAGE);
            System.exit(2);
        }
        H5FileSummary summary = new H5FileSummary(System.out);
        int failures = 0;
        for (String file : files) {
            try {
                summary.print(Path.of(file));
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                failures++;
            }
        }
        if (failures > 0) {
            System.exit(1);
        }
    }
}
