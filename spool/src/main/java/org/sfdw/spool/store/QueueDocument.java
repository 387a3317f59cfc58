package org.sfdw.spool.store;

import java.nio.file.Path;

/**
 * One data document found in a queue file by {@link QueueFileScanner}, where it lies and what it holds.
 *
 * @param queueIndex the index Chronicle gives it (cycle and sequence)
 * @param offset     where its 4-byte header starts in the file
 * @param content    its bytes; for a {@link State#CUT} document only those before the end of the file
 */
public record QueueDocument(Path file, long queueIndex, long offset, State state, byte[] content) {

    public enum State {
        /** Header complete, all its bytes present. */
        WHOLE,
        /** Header complete, but the file ends before the document does. */
        CUT
    }

    /** {@code 20261201F.cq4 at byte 65808} */
    public String where() {
        return file.getFileName() + " at byte " + offset;
    }
}
