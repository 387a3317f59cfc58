package org.sfdw.spool.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The damaged, never acknowledged records that a start cut away from a queue: their queue indices, which every
 * reader skips. Chronicle cannot remove a document from the middle of its file once others follow it, so the cut
 * is kept here, one line per record ({@code <queue index in hex> <where> <why>}), written and forced at start.
 */
public final class CutList {

    public static final String FILE = "cut-records";

    private final Path file;
    private final Set<Long> indices;

    private CutList(Path file, Set<Long> indices) {
        this.file = file;
        this.indices = indices;
    }

    /** The cut list of {@code directory}, empty when there is none. */
    public static CutList read(Path directory) {
        Path file = directory.resolve(FILE);
        Set<Long> indices = new HashSet<>();
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String first = line.strip().split(" ", 2)[0];
                    if (!first.isEmpty() && !first.startsWith("#")) {
                        try {
                            indices.add(Long.parseUnsignedLong(first, 16));
                        } catch (NumberFormatException e) {
                            // a torn last line: the record it named is cut again by the next start
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new CutList(file, indices);
    }

    public synchronized boolean contains(long queueIndex) {
        return indices.contains(queueIndex);
    }

    public synchronized int size() {
        return indices.size();
    }

    /** Adds a record and forces the list to disk before returning. */
    public synchronized void add(long queueIndex, String where, String why) {
        String line = Long.toHexString(queueIndex) + " " + where + " " + why.replace('\n', ' ') + "\n";
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the cut of the record at " + where + " in " + file, e);
        }
        indices.add(queueIndex);
    }
}
