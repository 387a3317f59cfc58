package org.sfdw.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.ingest.delivery.OutcomeJournalCompanion;
import org.sfdw.spool.SpoolSalvage;
import org.sfdw.spool.SpoolVerification;
import org.sfdw.spool.outcome.OutcomeCodec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.OptionalLong;

/**
 * {@code sfdw spool verify [--spool DIR] [--config FILE]}: every damaged record on standard output, exit 1 if there
 * is one. {@code sfdw spool salvage --to DIR [--spool DIR] [--config FILE] [--resume-from ID]}: copies every intact
 * record into a new spool; the audit lines of damaged records that still read go to standard output.
 */
public final class SpoolCommand {

    private final PrintStream out;
    private final PrintStream err;

    public SpoolCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** @param subcommand {@code verify} or {@code salvage} */
    public int run(String subcommand, Options options) throws Exception {
        OutcomeJournalCompanion journal = new OutcomeJournalCompanion(new OutcomeCodec(new ObjectMapper()));
        if (subcommand.equals("verify")) {
            return new SpoolVerification(journal).verify(spoolDirectory(options), out, err) == 0 ? 0 : 1;
        }
        Path target = Path.of(options.get("to").orElseThrow(() ->
                new IllegalArgumentException("spool salvage needs --to DIR, a new directory for the copy")));
        OptionalLong resume = options.get("resume-from").map(text -> {
            try {
                return OptionalLong.of(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--resume-from needs a request id, not '" + text + "'");
            }
        }).orElse(OptionalLong.empty());
        SpoolSalvage.Summary summary = new SpoolSalvage(journal, ZoneId.systemDefault())
                .salvage(spoolDirectory(options), target, resume, out, err);
        out.flush();
        return summary.lost() == 0 ? 0 : 1;
    }

    private static Path spoolDirectory(Options options) {
        return options.get("spool").map(Path::of).orElseGet(() -> {
            try {
                return new ConfiguredDefaults(options.configFile()).spoolDirectory();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("no --spool given and the configuration cannot be read: "
                        + e.getMessage(), e);
            }
        });
    }
}
