package org.sfdw.ingest.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * The channel list operators edit: one channel per line, '#' starts a comment, blank lines are ignored.
 * It is re-read when its modification time or size changes, so an edit counts from the next acquisition on
 * without a restart.
 */
public final class ChannelsFile {

    private final Optional<Path> path;
    private long readModified = Long.MIN_VALUE;
    private long readSize = -1;
    private List<String> channels = List.of();

    public ChannelsFile(Optional<Path> path) {
        this.path = path;
    }

    /** The channels, in file order; empty when no file is configured. */
    public synchronized List<String> read() {
        if (path.isEmpty()) {
            return List.of();
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(path.get(), BasicFileAttributes.class);
            long modified = attributes.lastModifiedTime().toMillis();
            if (modified != readModified || attributes.size() != readSize) {
                channels = parse(Files.readString(path.get(), StandardCharsets.UTF_8));
                readModified = modified;
                readSize = attributes.size();
            }
            return channels;
        } catch (IOException e) {
            throw new RejectedException("cannot read channels file " + path.get() + ": " + e);
        }
    }

    static List<String> parse(String text) {
        return text.lines()
                .map(line -> {
                    int hash = line.indexOf('#');
                    return (hash >= 0 ? line.substring(0, hash) : line).strip();
                })
                .filter(line -> !line.isEmpty())
                .toList();
    }

    public String describe() {
        return path.map(p -> "channels file " + p).orElse("no channels file configured");
    }
}
