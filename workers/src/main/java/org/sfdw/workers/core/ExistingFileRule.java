package org.sfdw.workers.core;

import org.sfdw.spool.bsread.WriteRequestDelivery;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides what a sending of a request may do at its target: create it, replace what is there (a file of the same
 * request, or the request it re-runs, or anything with {@code overwrite: always}), refuse (another acquisition's
 * file), or stand down (a later sending of the same request wrote it).
 */
public final class ExistingFileRule {

    public enum Action { CREATE, REPLACE, REFUSE, STAND_DOWN }

    /** @param why for the log and the error: what is at the target */
    public record Verdict(Action action, String why) {
    }

    private final Overwrite overwrite;
    private final FileMarks marks;

    public ExistingFileRule(Overwrite overwrite, FileMarks marks) {
        this.overwrite = overwrite;
        this.marks = marks;
    }

    /**
     * @param marksKept whether the target's file system keeps marks; where it does not, an unmarked file counts as
     *                  this request's for a redelivery or a re-run (the original's behaviour for them)
     */
    public Verdict judge(WriteRequestDelivery delivery, Path target, boolean marksKept) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return new Verdict(Action.CREATE, "nothing is at " + target);
        }
        if (overwrite == Overwrite.ALWAYS) {
            return new Verdict(Action.REPLACE, target + " exists and is replaced (overwrite: always)");
        }
        Optional<FileMark> mark = marks.read(target);
        if (mark.isPresent() && mark.get().overtakes(delivery)) {
            return new Verdict(Action.STAND_DOWN, "a later sending of the same request wrote " + target + ": "
                    + mark.get().describe());
        }
        if (mark.isPresent() && mark.get().sameRequestAs(delivery.request())) {
            return new Verdict(Action.REPLACE, target + " holds this request's file from an earlier sending: "
                    + mark.get().describe());
        }
        if (mark.isPresent() && mark.get().reRunBy(delivery.request())) {
            return new Verdict(Action.REPLACE, target + " holds the file of " + mark.get().describe()
                    + ", which this request re-runs");
        }
        if (mark.isEmpty() && !marksKept && (delivery.number() > 1 || delivery.request().rerunOf() != 0)) {
            return new Verdict(Action.REPLACE, target + " exists; its file system keeps no marks, and this "
                    + (delivery.number() > 1 ? "sending " + delivery.number() + " of the request" : "re-run")
                    + " replaces it");
        }
        return new Verdict(Action.REFUSE, "output_file " + target + " already exists and holds "
                + mark.map(m -> "the file of " + m.describe()).orElse("a file sfdw did not write for this request")
                + "; it was not replaced. Move it away and re-run this request, or set the writer's overwrite: always "
                + "for the original's behaviour");
    }
}
