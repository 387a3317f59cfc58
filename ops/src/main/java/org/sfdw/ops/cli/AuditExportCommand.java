package org.sfdw.ops.cli;

import org.sfdw.spool.AuditExport;
import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolRange;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * {@code sfdw audit export [--from <id|time>] [--to <id|time>] [--spool DIR] [--config FILE]}: the spool as the
 * original's audit-trail lines on standard output. Safe while the broker runs: it only reads.
 */
public final class AuditExportCommand {

    private final PrintStream out;
    private final PrintStream err;

    public AuditExportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(Options options) throws Exception {
        Path spoolDir = options.get("spool").map(Path::of).orElseGet(() -> {
            try {
                return new ConfiguredDefaults(options.configFile()).spoolDirectory();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("no --spool given and the configuration cannot be read: "
                        + e.getMessage(), e);
            }
        });
        try (Spool spool = Spool.openForReading(spoolDir)) {
            SpoolRange range = SpoolRange.parse(options.get("from").orElse(null), options.get("to").orElse(null),
                    spool, ZoneId.systemDefault());
            PrintWriter lines = new PrintWriter(out, false, StandardCharsets.UTF_8);
            long[] damaged = {0};
            long count = new AuditExport(spool, ZoneId.systemDefault()).write(range, lines, e -> {
                damaged[0]++;
                err.println("sfdw: skipped a damaged record: " + e.getMessage());
            });
            err.printf("exported %d requests (%d..%d) from %s%s%n", count, range.fromId(), range.toId(), spoolDir,
                    damaged[0] == 0 ? "" : "; " + damaged[0] + " damaged records skipped (sfdw spool verify)");
            return damaged[0] == 0 ? 0 : 1;
        }
    }
}
