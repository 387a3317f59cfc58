package org.sfdw.spool;

import org.sfdw.spool.forward.Forwarder;
import org.sfdw.spool.store.CutList;
import org.sfdw.spool.store.IdMark;
import org.sfdw.spool.store.MovableClock;
import org.sfdw.spool.store.SpoolLock;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code sfdw spool salvage --to DIR}: copies every intact request of a damaged spool (ids and spooling times
 * kept, each in its day's file) and every intact outcome into a new spool, records the ids it could not save as
 * lost (so that they are never issued again), and lists what it could not save: an original-format audit line on
 * standard output for each damaged record that still reads, a line on standard error for the rest.
 */
public final class SpoolSalvage {

    private static final int BATCH = 500;

    /**
     * @param saved      requests copied
     * @param lost       acknowledged ids that could not be saved
     * @param listed     of those, how many were listed as audit lines (they still read)
     * @param outcomes   outcomes copied
     * @param resumeFrom the first request the new spool's forwarder sends
     */
    public record Summary(long saved, long lost, long listed, long outcomes, long resumeFrom) {
    }

    private final SpoolCompanion companion;
    private final ZoneId zone;

    /** @param companion what the broker keeps beside the spool (its outcome journal), copied with it */
    public SpoolSalvage(SpoolCompanion companion, ZoneId zone) {
        this.companion = companion;
        this.zone = zone;
    }

    /**
     * @param resumeFrom the first request the new spool forwards; empty: the one after the newest with an outcome
     *                   (without outcomes: nothing already spooled is forwarded again)
     */
    public Summary salvage(Path source, Path target, OptionalLong resumeFrom, PrintStream out, PrintStream err) {
        requireEmpty(target);
        try (SpoolLock ignored = SpoolLock.acquire(source, "sfdw spool salvage")) {
            CutList cut = CutList.read(source);
            OptionalLong mark = IdMark.read(source);
            SpoolScan.Result scan = SpoolScan.scan(source, cut, mark);
            TreeMap<Long, SpoolEntry> live = new TreeMap<>();
            SpoolScan.forEachLive(source, cut, scan, e -> live.put(e.request().id(), e));
            err.printf("salvage: %s holds %d intact requests (%d..%d), %d damaged records, %d missing ranges%n",
                    source, live.size(), scan.firstId(), scan.lastId(), scan.damage().size(),
                    scan.missing().size());

            long last = Math.max(mark.orElse(0), scan.lastId());
            long listed = listUnsaved(scan, live, err, out);
            // The copy's queue rolls its files by this clock: each batch goes into the day it was first spooled.
            MovableClock clock = new MovableClock(System.currentTimeMillis());
            long saved = 0;
            long lost = 0;
            try (Spool copy = Spool.open(target, Spool.Settings.of(Durability.SYNC), clock)) {
                long next = live.isEmpty() ? last + 1 : live.firstKey();
                List<SpoolEntry> batch = new ArrayList<>();
                for (long id = next; id <= last; id++) {
                    SpoolEntry entry = live.get(id);
                    if (entry == null) {
                        long from = id;
                        while (id + 1 <= last && !live.containsKey(id + 1)) {
                            id++;
                        }
                        saved += flush(copy, batch, clock);
                        copy.appendTombstone(new SpoolRecords.Tombstone(from, id, "lost in a salvage of " + source
                                + " on " + Instant.now()));
                        lost += id - from + 1;
                        err.printf("salvage: requests %d..%d could not be saved; their ids stay taken%n", from, id);
                        continue;
                    }
                    if (!batch.isEmpty() && (batch.size() >= BATCH || day(batch.get(0)) != day(entry))) {
                        saved += flush(copy, batch, clock);
                    }
                    batch.add(entry);
                }
                saved += flush(copy, batch, clock);
                SpoolCompanion.Copied outcomes = companion.copy(source, target);
                // Without outcomes nothing tells what was delivered: nothing already spooled is forwarded again.
                long resume = resumeFrom.orElseGet(() -> outcomes.newestRequest().orElse(last) + 1);
                copy.positionNamedTailer(Forwarder.TAILER_NAME, Math.max(resume, 1));
                err.printf("salvage: %d requests and %d outcomes copied to %s; %d ids lost (%d listed on standard "
                                + "output as audit lines); its forwarder sends request %d next. Point spool.directory "
                                + "at %s and start the broker%n", saved, outcomes.records(), target, lost, listed,
                        Math.max(resume, 1), target);
                return new Summary(saved, lost, listed, outcomes.records(), Math.max(resume, 1));
            }
        }
    }

    private long listUnsaved(SpoolScan.Result scan, TreeMap<Long, SpoolEntry> live, PrintStream err,
                             PrintStream out) {
        long listed = 0;
        for (SpoolScan.Damage d : scan.damage()) {
            if (d.readable().isPresent() && !live.containsKey(d.readable().get().request().id())) {
                SpoolEntry entry = d.readable().get();
                out.println(AuditLine.format(entry.request(), SpoolRange.localTime(entry.spooledAtMillis(), zone)));
                err.printf("salvage: the record at %s is damaged (%s); it reads as request %d, listed on standard "
                        + "output: check it before you resubmit it%n", d.where(), d.reason(), entry.request().id());
                listed++;
            } else if (d.readable().isEmpty()) {
                err.printf("salvage: the record at %s cannot be read (%s)%n", d.where(), d.reason());
            }
        }
        return listed;
    }

    private static long flush(Spool copy, List<SpoolEntry> batch, MovableClock clock) {
        if (batch.isEmpty()) {
            return 0;
        }
        clock.set(batch.get(0).spooledAtMillis());
        copy.appendKeepingIds(List.copyOf(batch));
        int copied = batch.size();
        batch.clear();
        return copied;
    }

    private static long day(SpoolEntry entry) {
        return TimeUnit.MILLISECONDS.toDays(entry.spooledAtMillis());
    }

    private static void requireEmpty(Path target) {
        try {
            if (Files.exists(target)) {
                try (var files = Files.list(target)) {
                    if (files.findAny().isPresent()) {
                        throw new IllegalArgumentException("salvage target " + target + " is not empty: give a new "
                                + "directory");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look into " + target, e);
        }
    }
}
