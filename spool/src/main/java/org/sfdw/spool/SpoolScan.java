package org.sfdw.spool;

import org.sfdw.spool.store.CutList;
import org.sfdw.spool.store.DamagedRecordException;
import org.sfdw.spool.store.FileSeal;
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

    /** Reads every record of every file (verify, salvage, reading). */
    public static Result scan(Path directory, CutList cut, OptionalLong mark) {
        return new Scanner(directory, cut, mark, false).run();
    }

    /**
     * As {@link #scan}, but a closed file whose seal still matches is taken as sealed instead of read, and every
     * closed file that checks out whole and acknowledged is sealed: what a broker start does, so that it reads only
     * what was written since the files were sealed.
     */
    public static Result scanUsingSeals(Path directory, CutList cut, OptionalLong mark) {
        Result result = new Scanner(directory, cut, mark, true).run();
        List<Path> files = QueueFileScanner.cycleFiles(directory);
        if (!files.isEmpty() && result.newestReadable().map(r -> !r.file().equals(files.get(files.size() - 1)))
                .orElse(true)) {
            return scan(directory, cut, mark);   // the newest file is unreadable: judge everything by reading it
        }
        return result;
    }

    /**
     * Seals every closed file (all but the newest) that has no seal yet and checks out whole, with every request in
     * it acknowledged ({@code acknowledged} and below): a running broker does this as days go by.
     *
     * @return how many files were sealed
     */
    public static int sealClosedFiles(Path directory, CutList cut, long acknowledged) {
        List<Path> files = QueueFileScanner.cycleFiles(directory);
        int sealed = 0;
        for (Path file : files.subList(0, Math.max(0, files.size() - 1))) {
            if (FileSeal.read(file).isPresent()) {
                continue;
            }
            Scanner scanner = new Scanner(directory, cut, OptionalLong.of(acknowledged), true);
            if (scanner.scanAndSeal(file)) {
                sealed++;
            }
        }
        return sealed;
    }

    /**
     * What checking one closed file found, in the order found: the ids it holds (runs of consecutive ids at
     * consecutive queue indices, or ids a tombstone marks lost) and its counts. Applied to the index in order it
     * gives what reading the file gives.
     */
    private static final class FileFindings {
        private final List<long[]> runs = new ArrayList<>();   // {firstId, firstQueueIndex or LOST, count}
        long documents;
        long records;
        long unchecked;
        int alreadyCut;
        long lastSpooledAt;
        boolean holdsMark;
        boolean clean = true;

        /** Ids {@code id..id+count-1} at consecutive queue indices from {@code queueIndex}, or lost. */
        void add(long id, long queueIndex, long count) {
            long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last[0] + last[2] == id
                    && (queueIndex == SpoolIndex.LOST ? last[1] == SpoolIndex.LOST : last[1] + last[2] == queueIndex)) {
                last[2] += count;
            } else {
                runs.add(new long[]{id, queueIndex, count});
            }
        }

        byte[] encode() {
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(45 + runs.size() * 24);
            out.putLong(documents).putLong(records).putLong(unchecked).putInt(alreadyCut).putLong(lastSpooledAt)
                    .put((byte) (holdsMark ? 1 : 0)).putLong(runs.size());
            for (long[] run : runs) {
                out.putLong(run[0]).putLong(run[1]).putLong(run[2]);
            }
            return out.array();
        }

        static FileFindings decode(byte[] bytes) {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            FileFindings f = new FileFindings();
            f.documents = in.getLong();
            f.records = in.getLong();
            f.unchecked = in.getLong();
            f.alreadyCut = in.getInt();
            f.lastSpooledAt = in.getLong();
            f.holdsMark = in.get() == 1;
            long count = in.getLong();
            for (long i = 0; i < count; i++) {
                f.runs.add(new long[]{in.getLong(), in.getLong(), in.getLong()});
            }
            return f;
        }
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
        private final boolean useSeals;
        private FileFindings findings = new FileFindings();

        Scanner(Path directory, CutList cut, OptionalLong mark, boolean useSeals) {
            this.directory = directory;
            this.cut = cut;
            this.mark = mark;
            this.useSeals = useSeals && mark.isPresent();
        }

        /** Reads one closed file alone and seals it if it checks out; false when it does not. */
        boolean scanAndSeal(Path file) {
            if (!useSeals) {
                return false;
            }
            findings = new FileFindings();
            QueueFileScanner.FileSummary summary = QueueFileScanner.scan(file, this::document);
            if (summary.unreadable() || summary.unfinishedAtEnd() || !findings.clean) {
                return false;
            }
            FileSeal.write(file, findings.encode());
            return true;
        }

        private void applySeal(FileFindings sealed) {
            for (long[] run : sealed.runs) {
                index.addRun(run[0], run[1], run[2]);
                aboveMark.keySet().removeIf(above -> above >= run[0]);
            }
            ordinal += sealed.documents;
            count(sealed);
            if (sealed.holdsMark) {
                markOrdinal = ordinal;
            }
        }

        /** Adds one file's counts, read or sealed, to the spool's. */
        private void count(FileFindings file) {
            records += file.records;
            unchecked += file.unchecked;
            alreadyCut += file.alreadyCut;
            lastSpooledAt = Math.max(lastSpooledAt, file.lastSpooledAt);
        }

        Result run() {
            List<Path> files = QueueFileScanner.cycleFiles(directory);
            for (int f = 0; f < files.size(); f++) {
                Path file = files.get(f);
                boolean closed = f < files.size() - 1;
                if (useSeals && closed) {
                    Optional<byte[]> seal = FileSeal.read(file);
                    if (seal.isPresent()) {
                        applySeal(FileFindings.decode(seal.get()));
                        continue;
                    }
                }
                findings = new FileFindings();
                long damageBefore = damage.size();
                QueueFileScanner.FileSummary summary = QueueFileScanner.scan(file, this::document);
                count(findings);
                if (useSeals && closed && !summary.unreadable() && !summary.unfinishedAtEnd() && findings.clean
                        && damage.size() == damageBefore) {
                    FileSeal.write(file, findings.encode());
                }
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
            findings.documents++;
            if (cut.contains(document.queueIndex())) {
                findings.alreadyCut++;
                return;
            }
            findings.records++;
            if (document.state() == QueueDocument.State.CUT) {
                damaged(document, "the file ends inside it (" + document.content().length + " bytes of it are there)");
                return;
            }
            if (SpoolRecords.isTombstone(document.content())) {
                try {
                    SpoolRecords.Tombstone tombstone = SpoolRecords.decodeTombstone(document.content());
                    index.loseThrough(tombstone.fromId(), tombstone.toId());
                    findings.add(tombstone.fromId(), SpoolIndex.LOST, tombstone.toId() - tombstone.fromId() + 1);
                    findings.clean &= tombstone.toId() <= mark.orElse(Long.MIN_VALUE);
                    if (tombstone.toId() == mark.orElse(Long.MIN_VALUE)) {
                        markOrdinal = ordinal;
                        findings.holdsMark = true;
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
                findings.unchecked++;
            }
            index.add(id, document.queueIndex());
            findings.add(id, document.queueIndex(), 1);
            findings.lastSpooledAt = Math.max(findings.lastSpooledAt, entry.spooledAtMillis());
            aboveMark.keySet().removeIf(above -> above >= id);
            if (mark.isPresent() && id > mark.getAsLong()) {
                aboveMark.put(id, entry);
                findings.clean = false;
            }
            if (id == mark.orElse(Long.MIN_VALUE)) {
                markOrdinal = ordinal;
                findings.holdsMark = true;
            }
        }

        private void damaged(QueueDocument document, String reason) {
            findings.clean = false;
            damage.add(new Damage(document.file(), document.where(), document.queueIndex(), reason,
                    SpoolRecords.readIgnoringChecksum(document.content()), false));
            damageOrdinals.add(ordinal);
        }
    }
}
