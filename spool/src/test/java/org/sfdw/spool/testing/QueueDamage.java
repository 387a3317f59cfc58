package org.sfdw.spool.testing;

import org.sfdw.spool.store.QueueDocument;
import org.sfdw.spool.store.QueueFileScanner;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Damages the files of a closed queue the way disks, crashes and people do: cuts, zeroes, overwrites. */
public final class QueueDamage {

    private QueueDamage() {
    }

    /** Every data document of the queue in {@code directory}, oldest first. */
    public static List<QueueDocument> documents(Path directory) {
        List<QueueDocument> documents = new ArrayList<>();
        for (Path file : QueueFileScanner.cycleFiles(directory)) {
            QueueFileScanner.scan(file, documents::add);
        }
        return documents;
    }

    /** The newest queue file of {@code directory}. */
    public static Path newestFile(Path directory) {
        List<Path> files = QueueFileScanner.cycleFiles(directory);
        return files.get(files.size() - 1);
    }

    /** Writes {@code bytes} over the document's content, starting {@code from} bytes into it. */
    public static void overwrite(QueueDocument document, int from, byte[] bytes) {
        try (RandomAccessFile file = new RandomAccessFile(document.file().toFile(), "rw")) {
            file.seek(document.offset() + 4 + from);
            file.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cuts the file of {@code document} {@code into} bytes into the document's content. */
    public static void cutInside(QueueDocument document, int into) {
        truncate(document.file(), document.offset() + 4 + into);
    }

    public static void truncate(Path file, long length) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
