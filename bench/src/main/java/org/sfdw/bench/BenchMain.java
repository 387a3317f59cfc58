package org.sfdw.bench;

import org.sfdw.ops.cli.CommandLine;

/**
 * The benchmarks' jar: {@code java -Dsfdw.jar=ops/target/sfdw.jar -jar sfdw-bench.jar bench NAME [ARG...]}, as
 * {@code ops/bin/sfdw bench} runs it. Options, help and errors are the launcher's ({@link CommandLine}); the
 * services a benchmark starts run from the service jar.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine.Parsed command;
        try {
            command = new CommandLine().parse(args, System.out, System.err);
        } catch (CommandLine.Stop stop) {
            System.out.flush();
            System.exit(stop.exitCode());
            return;
        }
        if (!command.command().equals("bench")) {
            System.err.println("sfdw-bench.jar runs benchmarks only ('bench NAME'); the other commands are in "
                    + "sfdw.jar");
            System.exit(2);
            return;
        }
        String[] options = command.arguments().<String>getList("options").toArray(String[]::new);
        switch (command.arguments().getString("benchmark")) {
            case "writer" -> WriterBenchmark.main(options);
            case "hdf5" -> Hdf5Benchmark.main(options);
            case "broker" -> BrokerBenchmark.main(options);
            case "history" -> HistoryBenchmark.main(options);
            case "micro" -> org.openjdk.jmh.Main.main(MicroBenchmarks.jmhArguments(options));
            default -> EndToEndBenchmark.main(options);
        }
    }
}
