package org.sfdw.workers.core;

import org.sfdw.paths.OutputPathRefusedException;
import org.sfdw.paths.OutputPathRule;
import org.sfdw.spool.bsread.WriteRequestDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts one sending's finished temporary file at its target: checks the path again (a link on the way may have been
 * swapped while the file was written), marks the file with its request, and then creates the target without
 * replacing anything (a hard link, which fails if a file appeared meanwhile), replaces a file of the same request,
 * refuses another acquisition's file, or stands down for a later sending.
 */
public final class OutputPlacement implements DataFileWriter.Placement {

    private static final Logger LOG = LoggerFactory.getLogger(OutputPlacement.class);

    private final OutputPathRule paths;
    private final ExistingFileRule existing;
    private final FileMarks marks;
    private final WriteRequestDelivery delivery;
    private final FileMark mark;
    private final String outputFile;

    /** @param outputFile the request's {@code output_file}, as it came */
    public OutputPlacement(OutputPathRule paths, ExistingFileRule existing, FileMarks marks,
                           WriteRequestDelivery delivery, WriterIdentity writer, String outputFile) {
        this.paths = paths;
        this.existing = existing;
        this.marks = marks;
        this.delivery = delivery;
        this.mark = FileMark.of(delivery, writer);
        this.outputFile = outputFile;
    }

    /**
     * @throws OutputPathRefusedException the path now leads somewhere else, or out of the allowed roots
     * @throws ExistingFileException      another request's file is at the target
     * @throws SupersededException        a later sending wrote it, or the temporary file was taken away
     * @throws OutputFileException        the rename failed (worth retrying)
     */
    @Override
    public void place(Path temporary, Path target) throws IOException {
        Path real = paths.check(outputFile);
        if (!real.getParent().equals(temporary.getParent())) {
            throw new OutputPathRefusedException("the directory of output_file " + outputFile + " changed while it "
                    + "was written: it now leads to " + real.getParent() + ", not to " + temporary.getParent()
                    + "; the file was not put there");
        }
        boolean kept;
        try {
            kept = marks.write(temporary, mark);
        } catch (NoSuchFileException e) {
            throw takenAway(temporary);
        }
        for (int tries = 0; ; tries++) {
            ExistingFileRule.Verdict verdict = existing.judge(delivery, real, kept);
            switch (verdict.action()) {
                case REFUSE -> throw new ExistingFileException(verdict.why());
                case STAND_DOWN -> throw new SupersededException(verdict.why());
                case REPLACE -> {
                    LOG.info("{}: {}", delivery.request().label(), verdict.why());
                    rename(temporary, real);
                    return;
                }
                case CREATE -> {
                    if (createWithoutReplacing(temporary, real) || tries >= 3) {
                        return;
                    }
                    // a file appeared at the target between the look and the link: look again
                }
            }
        }
    }

    /** @return false when a file appeared at the target meanwhile */
    private boolean createWithoutReplacing(Path temporary, Path target) throws IOException {
        try {
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (NoSuchFileException e) {
            throw Files.isDirectory(temporary.getParent()) ? takenAway(temporary)
                    : new OutputFileException("cannot create " + target + ": its directory is gone", e);
        } catch (UnsupportedOperationException | FileSystemException e) {
            // No hard links here (some network and FAT file systems): a rename that refuses an existing target,
            // which leaves a moment between its look and its rename.
            try {
                Files.move(temporary, target);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            } catch (IOException moved) {
                throw new OutputFileException("cannot rename " + temporary + " to " + target + ": " + moved, moved);
            }
        }
        try {
            Files.delete(temporary);
        } catch (IOException e) {
            LOG.warn("{}: {} is written, but its temporary name {} could not be removed: {}",
                    delivery.request().label(), target, temporary, e.toString());
        }
        return true;
    }

    private void rename(Path temporary, Path target) {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw Files.isDirectory(temporary.getParent()) ? takenAway(temporary)
                    : new OutputFileException("cannot rename " + temporary + " to " + target + ": " + e, e);
        } catch (IOException e) {
            throw new OutputFileException("cannot rename " + temporary + " to " + target + ": " + e, e);
        }
    }

    private static SupersededException takenAway(Path temporary) {
        return new SupersededException("its temporary file " + temporary + " was removed by another writer, which "
                + "took it for abandoned and writes the request itself");
    }
}
