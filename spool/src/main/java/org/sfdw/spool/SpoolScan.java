package org.sfdw.spool;

import org.sfdw.spool.store.CutList;
import org.sfdw.spool.store.DamagedRecordException;
import org.sfdw.spool.store.QueueDocument;
import org.sfdw.spool.store.QueueFileScanner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads every record of a spool's files once, checks each, and sorts what it finds against the acknowledged-id
 * mark: the live requests (the id index), records never acknowledged (above the mark), and damage, which is either
 * in the unacknowledged tail (after the record of the mark, so it may be cut away) or inside acknowledged data.
 * The broker's start, {@code sfdw spool verify} and {@code sfdw spool salvage} all judge a spool by this one scan.
 */
public final class SpoolScan {

    /** Ids can jump only this far: beyond it a readable id is taken for damage, not for a gap. */
    private static final long MAX_GAP = 1_000_000;

    /**
     * A damaged record, or a queue file that cannot be read at all.
     *
     * @param queueIndex the record's queue index, -1 for a whole file
     * @param readable   what the record says if its fields still read (without trusting its checksum)
     * @param cuttable   true when it lies after the acknowledged data: it was never acknowledged
     */
    public record Damage(Path file, String where, long queueIndex, String reason, Optional<SpoolEntry> readable,
                         boolean cuttable) {
        public boolean isWholeFile() {
            return queueIndex == -1;
        }
    }

    /**
     * @param mark            the acknowledged-id mark, empty for a spool written before marks existed
     * @param unacknowledged  whole records above the mark, which no client was told were accepted
     * @param missing         acknowledged ids the spool does not hold, as ranges
     * @param unfinishedAtEnd the newest file ends in a record whose writing never finished (a crash mid-append)
     * @param newestReadable  how the newest readable queue file ended (an unreadable newer one is moved aside or
     *                        refuses the start), for the appends that follow
     */
    public record Result(SpoolIndex index, long lastSpooledAt, OptionalLong mark, List<Damage> damage,
                         List<SpoolEntry> unacknowledged, List<String> missing, long records, long unchecked,
                         int alreadyCut, boolean unfinishedAtEnd,
                         Optional<QueueFileScanner.FileSummary> newestReadable) {

        /** True when every acknowledged request is there and readable: damage, if any, is only in the tail. */
        public boolean acknowledgedIntact() {
            return missing.isEmpty() && damage.stream().allMatch(Damage::cuttable);
        }

        public long lastId() {
            return index.lastId();
        }

        public long firstId() {
            return index.firstId();
        }
    }

    private SpoolScan() {
    }

    public static Result scan(Path directory, CutList cut, OptionalLong mark) {
        return new Scanner(directory, cut, mark).run();
    }

    /** Hands every live request of a scanned spool to {@code consumer}, in the order of the files. */
    public static void forEachLive(Path directory, CutList cut, Result scan, java.util.function.Consumer<SpoolEntry> consumer) {
        for (Path file : QueueFileScanner.cycleFiles(directory)) {
            QueueFileScanner.scan(file, document -> {
                if (cut.contains(document.queueIndex()) || document.state() != QueueDocument.State.WHOLE
                        || SpoolRecords.isTombstone(document.content())) {
                    return;
                }
                SpoolEntry entry;
                try {
                    entry = SpoolRecords.decode(document.content());
                } catch (DamagedRecordException e) {
                    return;
                }
                if (scan.index().queueIndexOf(entry.request().id()) == document.queueIndex()) {
                    consumer.accept(entry);
                }
            });
        }
    }

    private static final class Scanner {
        private final Path directory;
        private final CutList cut;
        private final OptionalLong mark;
        private final SpoolIndex index = new SpoolIndex();
        private final List<Damage> damage = new ArrayList<>();
        private final List<Long> damageOrdinals = new ArrayList<>();
        private final Map<Long, SpoolEntry> aboveMark = new LinkedHashMap<>();
        private final List<String> missing = new ArrayList<>();
        private long lastSpooledAt;
        private long ordinal;
        private long markOrdinal = -1;
        private long records;
        private long unchecked;
        private int alreadyCut;
        private boolean unfinishedAtEnd;
        private Optional<QueueFileScanner.FileSummary> newestReadable = Optional.empty();

        Scanner(Path directory, CutList cut, OptionalLong mark) {
            this.directory = directory;
            this.cut = cut;
            this.mark = mark;
        }

        Result run() {
            for (Path file : QueueFileScanner.cycleFiles(directory)) {
                QueueFileScanner.FileSummary summary = QueueFileScanner.scan(file, this::document);
                if (summary.unreadable()) {
                    ordinal++;
                    damage.add(new Damage(file, file.getFileName().toString(), -1, summary.problem(),
                            Optional.empty(), false));
                    damageOrdinals.add(ordinal);
                }
                unfinishedAtEnd = summary.unfinishedAtEnd();
                if (!summary.unreadable()) {
                    newestReadable = Optional.of(summary);
                }
            }
            long acknowledged = mark.orElse(index.lastId());
            if (acknowledged == 0) {
                markOrdinal = 0;
            }
            index.truncateAfter(acknowledged);
            aboveMark.keySet().removeIf(id -> id <= acknowledged);
            for (String gap : index.gaps(10)) {
                missing.add(gap);
            }
            if (index.lastId() < acknowledged) {
                missing.add((index.lastId() + 1) + (index.lastId() + 1 < acknowledged ? ".." + acknowledged : ""));
            }
            List<Damage> judged = new ArrayList<>();
            for (int i = 0; i < damage.size(); i++) {
                Damage d = damage.get(i);
                boolean cuttable = markOrdinal >= 0 && damageOrdinals.get(i) > markOrdinal && missing.isEmpty();
                judged.add(new Damage(d.file(), d.where(), d.queueIndex(), d.reason(), d.readable(), cuttable));
            }
            return new Result(index, lastSpooledAt, mark, judged, List.copyOf(aboveMark.values()), missing, records,
                    unchecked, alreadyCut, unfinishedAtEnd, newestReadable);
        }

        private void document(QueueDocument document) {
            ordinal++;
            if (cut.contains(document.queueIndex())) {
                alreadyCut++;
                return;
            }
            records++;
            if (document.state() == QueueDocument.State.CUT) {
                damaged(document, "the file ends inside it (" + document.content().length + " bytes of it are there)");
                return;
            }
            if (SpoolRecords.isTombstone(document.content())) {
                try {
                    SpoolRecords.Tombstone tombstone = SpoolRecords.decodeTombstone(document.content());
                    index.loseThrough(tombstone.fromId(), tombstone.toId());
                    if (tombstone.toId() == mark.orElse(Long.MIN_VALUE)) {
                        markOrdinal = ordinal;
                    }
                } catch (DamagedRecordException e) {
                    damaged(document, e.getMessage());
                }
                return;
            }
            SpoolEntry entry;
            try {
                entry = SpoolRecords.decode(document.content());
            } catch (DamagedRecordException e) {
                damaged(document, e.getMessage());
                return;
            }
            long id = entry.request().id();
            long last = index.lastId();
            if (id <= 0 || (last > 0 && id > last + MAX_GAP) || (last > 0 && id < index.firstId())) {
                damaged(document, "its id " + id + " cannot follow request " + last);
                return;
            }
            if (SpoolRecords.isUnchecked(document.content())) {
                unchecked++;
            }
            index.add(id, document.queueIndex());
            lastSpooledAt = Math.max(lastSpooledAt, entry.spooledAtMillis());
            aboveMark.keySet().removeIf(above -> above >= id);
            if (mark.isPresent() && id > mark.getAsLong()) {
                aboveMark.put(id, entry);
            }
            if (id == mark.orElse(Long.MIN_VALUE)) {
                markOrdinal = ordinal;
            }
        }

        private void damaged(QueueDocument document, String reason) {
            damage.add(new Damage(document.file(), document.where(), document.queueIndex(), reason,
                    SpoolRecords.readIgnoringChecksum(document.content()), false));
            damageOrdinals.add(ordinal);
        }
    }
}
