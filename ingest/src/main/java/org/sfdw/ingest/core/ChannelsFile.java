package org.sfdw.ingest.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The channel list operators edit: one channel per line, '#' starts a comment, blank lines are ignored.
 * It is read when an acquisition stops, so an edit counts from the next acquisition on without a restart.
 */
public final class ChannelsFile {

    private final Optional<Path> path;

    public ChannelsFile(Optional<Path> path) {
        this.path = path;
    }

    /** The channels, in file order; empty when no file is configured. */
    public List<String> read() {
        if (path.isEmpty()) {
            return List.of();
        }
        try {
            return parse(Files.readString(path.get(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RejectedException("cannot read channels file " + path.get() + ": " + e.getMessage());
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
        return path.map(Path::toString).orElse("(none configured)");
    }
}
