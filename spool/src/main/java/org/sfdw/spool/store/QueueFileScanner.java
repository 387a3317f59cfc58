package org.sfdw.spool.store;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads Chronicle queue files ({@code *.cq4}) with plain reads, document by document, as Chronicle frames them: a
 * 4-byte little-endian header (bit 31 not complete, bit 30 metadata, 30 bits of length) padded to 4 bytes.
 *
 * <p>It never maps a file: Chronicle's mapped reads of a file that was cut short fault (SIGBUS) or hang, and its
 * start silently treats a damaged tail as the end. Reading the framing directly tells a cut, an unfinished and a
 * damaged record apart, and works while a broker appends to the same files.
 */
public final class QueueFileScanner {

    private static final int NOT_COMPLETE = 0x8000_0000;
    private static final int META_DATA = 0x4000_0000;
    private static final int END_OF_DATA = NOT_COMPLETE | META_DATA;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;
    private static final int WINDOW = 256 * 1024;

    /** The roll cycle every queue of this project uses. */
    public static final RollCycle ROLL_CYCLE = RollCycles.FAST_DAILY;

    /** What one file held, apart from its whole documents. */
    public record FileSummary(Path file, long documents, long endOffset, String problem, boolean unfinishedAtEnd) {
        /** True when the file could not be read as a queue file at all. */
        public boolean unreadable() {
            return problem != null;
        }
    }

    private QueueFileScanner() {
    }

    /** The queue files of {@code directory}, oldest cycle first. */
    public static List<Path> cycleFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** The cycle a queue file holds, from its name ({@code 20261201F.cq4}); -1 when the name is not a cycle's. */
    public static int cycleOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return (int) LocalDate.parse(name.substring(0, name.length() - ".cq4".length()),
                    DateTimeFormatter.ofPattern(ROLL_CYCLE.format())).toEpochDay();
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return -1;
        }
    }

    /** The file of {@code cycle} in {@code directory} ({@code 20261201F.cq4}), the inverse of {@link #cycleOf}. */
    public static Path cycleFile(Path directory, int cycle) {
        return directory.resolve(LocalDate.ofEpochDay(cycle).format(DateTimeFormatter.ofPattern(ROLL_CYCLE.format()))
                + ".cq4");
    }

    /** The bytes of the document a Chronicle reader stands on. */
    public static byte[] contentOf(DocumentContext dc) {
        var bytes = dc.wire().bytes();
        byte[] content = new byte[(int) bytes.readRemaining()];
        bytes.read(content);
        return content;
    }

    /** Hands every data document of {@code file} to {@code documents}, in order, and says how the file ended. */
    public static FileSummary scan(Path file, Consumer<QueueDocument> documents) {
        int cycle = cycleOf(file);
        if (cycle < 0) {
            return new FileSummary(file, 0, 0, "its name is not a daily cycle's (yyyyMMddF.cq4)", false);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Window window = new Window(channel);
            long size = channel.size();
            if (size < 4 || (window.intAt(0) & META_DATA) == 0) {
                return new FileSummary(file, 0, 0, size == 0 ? "the file is empty (0 bytes)"
                        : "it does not start with a queue header (" + size + " bytes)", false);
            }
            long offset = 0;
            long sequence = 0;
            while (offset + 4 <= size) {
                int header = window.intAt(offset);
                if (header == 0 || header == END_OF_DATA) {
                    return new FileSummary(file, sequence, offset, null, false);
                }
                if ((header & NOT_COMPLETE) != 0) {
                    return new FileSummary(file, sequence, offset, null, true);
                }
                int length = header & LENGTH_MASK;
                long contentStart = offset + 4;
                if ((header & META_DATA) == 0) {
                    long present = Math.min(length, size - contentStart);
                    byte[] content = window.bytesAt(contentStart, (int) present);
                    documents.accept(new QueueDocument(file, ROLL_CYCLE.toIndex(cycle, sequence), offset,
                            present < length ? QueueDocument.State.CUT : QueueDocument.State.WHOLE, content));
                    sequence++;
                }
                offset = (contentStart + length + 3) & ~3L;
            }
            return new FileSummary(file, sequence, Math.min(offset, size), null, false);
        } catch (IOException e) {
            return new FileSummary(file, 0, 0, "it cannot be read: " + e.getMessage(), false);
        }
    }

    /** Positioned reads through a window, so that small documents cost no system call each. */
    private static final class Window {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
        private long start = -1;

        Window(FileChannel channel) {
            this.channel = channel;
        }

        int intAt(long offset) throws IOException {
            byte[] four = bytesAt(offset, 4);
            return ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }

        byte[] bytesAt(long offset, int length) throws IOException {
            if (length > WINDOW) {
                ByteBuffer big = ByteBuffer.allocate(length);
                while (big.hasRemaining() && channel.read(big, offset + big.position()) > 0) {
                    // read on
                }
                return java.util.Arrays.copyOf(big.array(), big.position());
            }
            if (start < 0 || offset < start || offset + length > start + buffer.limit()) {
                buffer.clear();
                start = offset;
                while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                    // read on
                }
                buffer.flip();
            }
            int from = (int) (offset - start);
            int available = Math.max(0, Math.min(length, buffer.limit() - from));
            byte[] bytes = new byte[available];
            System.arraycopy(buffer.array(), from, bytes, 0, available);
            return bytes;
        }
    }
}
