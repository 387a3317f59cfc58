package org.sfdw.spool;

import org.sfdw.spool.store.CutList;
import org.sfdw.spool.store.IdMark;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code sfdw spool verify}: reads every record of a spool and of its outcome journal with plain reads (safe while
 * a broker appends) and prints one line per damaged record or missing range on standard output, a summary on
 * standard error. Verified means: every acknowledged request is there and reads unchanged, and nothing is damaged.
 */
public final class SpoolVerification {

    private final SpoolCompanion companion;

    /** @param companion what the broker keeps beside the spool (its outcome journal), verified with it */
    public SpoolVerification(SpoolCompanion companion) {
        this.companion = companion;
    }

    /** @return how many damaged records and missing ranges were found (0: the spool is sound) */
    public int verify(Path directory, PrintStream out, PrintStream err) {
        if (!Files.isDirectory(directory)) {
            throw new SpoolUnavailableException("no spool at " + directory);
        }
        CutList cut = CutList.read(directory);
        SpoolScan.Result scan = SpoolScan.scan(directory, cut, IdMark.read(directory));
        int problems = 0;
        for (SpoolScan.Damage d : scan.damage()) {
            out.println("damaged spool " + d.file().resolveSibling(d.where()) + ": " + d.reason()
                    + d.readable().map(e -> "; it reads as request " + e.request().id()).orElse("")
                    + (d.cuttable() ? " (after the last acknowledged request: the next broker start cuts it away)"
                    : " (inside acknowledged data)"));
            problems++;
        }
        for (String range : scan.missing()) {
            out.println("missing spool requests " + range + ": acknowledged, but not in " + directory);
            problems++;
        }
        SpoolCompanion.Verified beside = companion.verify(directory, out);
        problems += beside.problems();
        err.printf("spool %s: %d records, requests %d..%d, last acknowledged %s, %d cut away before, %d not "
                        + "acknowledged, %d written before checksums; %s%n", directory, scan.records(),
                scan.firstId(), scan.lastId(), scan.mark().isPresent() ? scan.mark().getAsLong() : "(no mark)",
                scan.alreadyCut(), scan.unacknowledged().size(), scan.unchecked(),
                problems == 0 ? "verified, nothing damaged" : problems + " problems"
                        + (scan.acknowledgedIntact() && beside.onlyTail()
                        ? " (only in the unacknowledged tail: a broker start repairs them)"
                        : "; repair with 'sfdw spool salvage --spool " + directory + " --to NEW_DIR'"));
        return problems;
    }
}
