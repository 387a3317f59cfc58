package org.sfdw.spool.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared protocol fixtures (../shared/fixtures beside the project). */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        String shared = System.getProperty("sfdw.shared");
        Path base = shared != null ? Path.of(shared) : Path.of("..", "..", "shared");
        Path fixtures = base.resolve("fixtures").normalize().toAbsolutePath();
        if (!Files.isDirectory(fixtures)) {
            throw new IllegalStateException("fixtures not found at " + fixtures + " (set -Dsfdw.shared=<dir>)");
        }
        return fixtures;
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
