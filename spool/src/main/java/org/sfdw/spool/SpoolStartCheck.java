package org.sfdw.spool;

import org.sfdw.spool.store.CutList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.stream.Collectors;

/**
 * What a writable open does with a {@link SpoolScan}: it refuses a spool whose acknowledged data is damaged or
 * missing, and cuts away the damage of a tail that was never acknowledged (a record torn by a crash or a full disk),
 * saying in a WARN what it cut.
 */
final class SpoolStartCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolStartCheck.class);

    private final Path directory;

    SpoolStartCheck(Path directory) {
        this.directory = directory;
    }

    void apply(SpoolScan.Result scan, CutList cut) {
        if (!scan.acknowledgedIntact()) {
            throw new SpoolDamagedException(refusal(scan));
        }
        for (SpoolScan.Damage damage : scan.damage()) {
            if (damage.isWholeFile()) {
                moveAside(damage.file(), damage.reason());
            } else {
                cut.add(damage.queueIndex(), damage.where(), damage.reason());
                LOG.warn("Spool {}: cut away the torn record at {} ({}): it lies after the last acknowledged request "
                        + "{}, so no client was told it was accepted{}", directory, damage.where(), damage.reason(),
                        scan.lastId(), damage.readable().map(e -> "; it read as: " + auditLine(e)).orElse(""));
            }
        }
        for (SpoolEntry entry : scan.unacknowledged()) {
            LOG.warn("Spool {}: request {} was written but never acknowledged (the broker stopped before answering); it "
                    + "is not forwarded and its id is used again. Its audit line, to resubmit if it is wanted: {}",
                    directory, entry.request().id(), auditLine(entry));
        }
        if (scan.unfinishedAtEnd()) {
            LOG.info("Spool {}: the newest file ends in a record whose writing never finished (a crash while "
                    + "appending, never acknowledged); Chronicle writes over it", directory);
        }
        if (scan.mark().isEmpty() && scan.lastId() > 0) {
            LOG.warn("Spool {} has no acknowledged-id mark (written by an older version): taking request {}, the last "
                    + "intact one, as the last acknowledged", directory, scan.lastId());
        }
    }

    private String refusal(SpoolScan.Result scan) {
        StringBuilder why = new StringBuilder("spool " + directory + " is damaged inside acknowledged data (the last "
                + "acknowledged request is " + scan.mark().orElse(scan.lastId()) + "):");
        scan.damage().stream().filter(d -> !d.cuttable()).limit(5).forEach(d -> why.append(" ").append(d.where())
                .append(": ").append(d.reason())
                .append(d.readable().map(e -> " (it reads as request " + e.request().id() + ")").orElse("")).append(";"));
        if (!scan.missing().isEmpty()) {
            why.append(" requests missing: ").append(scan.missing().stream().collect(Collectors.joining(", ")))
                    .append(";");
        }
        why.append(" the broker will not start on it. Run 'sfdw spool verify --spool ").append(directory)
                .append("' for every damaged record, then 'sfdw spool salvage --spool ").append(directory)
                .append(" --to NEW_DIR' to copy every intact record (ids kept) into a new spool and list what it "
                        + "could not save, and point spool.directory at NEW_DIR");
        return why.toString();
    }

    private void moveAside(Path file, String reason) {
        Path aside = directory.resolve(Spool.DAMAGED_DIRECTORY).resolve(file.getFileName() + "."
                + System.currentTimeMillis());
        try {
            Files.createDirectories(aside.getParent());
            Files.move(file, aside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the damaged file " + file + " aside to " + aside, e);
        }
        LOG.warn("Spool {}: moved {} aside to {} ({}): it lies after the last acknowledged request, so nothing in it "
                + "was acknowledged", directory, file.getFileName(), aside, reason);
    }

    private static String auditLine(SpoolEntry entry) {
        return AuditLine.format(entry.request(), SpoolRange.localTime(entry.spooledAtMillis(), ZoneId.systemDefault()));
    }
}
