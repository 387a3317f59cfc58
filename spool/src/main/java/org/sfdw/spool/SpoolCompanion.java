package org.sfdw.spool;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Data a broker keeps beside its spool (the outcome journal in {@code <spool>/outcomes}), checked by
 * {@code sfdw spool verify} and copied by {@code sfdw spool salvage} together with the spool. The spool knows it
 * only through this: what is kept there is the broker's business.
 */
public interface SpoolCompanion {

    /**
     * @param problems damaged records found, each printed as one line
     * @param onlyTail true when every one of them is a torn last append, which the next broker start cuts away
     */
    record Verified(int problems, boolean onlyTail) {
    }

    /**
     * @param records       records copied
     * @param newestRequest the newest request id the copied records concern (0 for none), empty when nothing is
     *                      kept beside the source
     */
    record Copied(long records, OptionalLong newestRequest) {
    }

    /** Prints one line per damaged record on {@code out}. */
    Verified verify(Path spoolDirectory, PrintStream out);

    /** Copies every intact record from beside spool {@code source} to beside {@code target}. */
    Copied copy(Path source, Path target);

    /** For a spool nothing is kept beside. */
    SpoolCompanion NONE = new SpoolCompanion() {
        @Override
        public Verified verify(Path spoolDirectory, PrintStream out) {
            return new Verified(0, true);
        }

        @Override
        public Copied copy(Path source, Path target) {
            return new Copied(0, OptionalLong.empty());
        }
    };
}
