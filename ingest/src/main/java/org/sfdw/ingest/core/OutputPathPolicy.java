package org.sfdw.ingest.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Decides whether a writer may be asked to write {@code output_file}: an absolute path without {@code ..}, of sane
 * length, under one of the allowed roots, also after following the symbolic links that exist so far.
 * {@code /dev/null} is always allowed: the original's way to run an acquisition without a file. Paths inside the
 * forbidden directories (the spool and its outcome journal) are refused whatever the roots say: a file written
 * there would overwrite the audit trail.
 */
public final class OutputPathPolicy {

    static final int MAX_PATH_BYTES = 4096;
    static final int MAX_NAME_BYTES = 255;

    private final List<Path> roots;
    private final List<Path> forbidden;

    public OutputPathPolicy(List<Path> roots) {
        this(roots, List.of());
    }

    /** @param forbidden directories no output may go into, even under an allowed root */
    public OutputPathPolicy(List<Path> roots, List<Path> forbidden) {
        this.roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
        this.forbidden = forbidden.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    }

    /** @throws RejectedException saying why the path is refused */
    public void check(String outputFile) {
        if (outputFile.equals("/dev/null")) {
            return;
        }
        if (outputFile.indexOf('\0') >= 0) {
            throw new RejectedException("output_file contains a NUL character");
        }
        if (outputFile.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new RejectedException("output_file contains a control character (a newline, a tab, ...): "
                    + outputFile.chars().filter(c -> c < 0x20 || c == 0x7f).mapToObj(c -> String.format("U+%04X", c))
                    .distinct().toList());
        }
        if (outputFile.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new RejectedException("output_file is longer than " + MAX_PATH_BYTES + " bytes");
        }
        if (!outputFile.startsWith("/")) {
            throw new RejectedException("output_file must be an absolute path, not '" + outputFile + "'");
        }
        if (List.of(outputFile.split("/")).contains("..")) {
            throw new RejectedException("output_file must not contain '..': '" + outputFile + "'");
        }
        if (outputFile.endsWith("/")) {
            throw new RejectedException("output_file names a directory, not a file: '" + outputFile + "'");
        }
        Path path = Path.of(outputFile).normalize();
        if (path.getFileName().toString().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new RejectedException("output_file's name is longer than " + MAX_NAME_BYTES + " bytes");
        }
        if (roots.contains(path)) {
            throw new RejectedException("output_file " + outputFile + " is an allowed directory itself, not a file in it");
        }
        if (roots.stream().noneMatch(path::startsWith)) {
            throw new RejectedException("output_file " + outputFile + " is outside the allowed directories " + roots);
        }
        Path real = realPathOfExistingPart(path);
        if (roots.stream().map(OutputPathPolicy::realPath).noneMatch(real::startsWith)) {
            throw new RejectedException("output_file " + outputFile + " leads through a symbolic link to " + real
                    + ", outside the allowed directories " + roots);
        }
        for (Path inside : forbidden) {
            if (path.startsWith(inside) || real.startsWith(realPath(inside))) {
                throw new RejectedException("output_file " + outputFile + " is inside the spool " + inside
                        + ", which holds the audit trail: no output may be written there");
            }
        }
    }

    /** The real path of the deepest directory of {@code path} that exists, with the rest appended. */
    private static Path realPathOfExistingPart(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        return realPath(existing).resolve(existing.relativize(path));
    }

    private static Path realPath(Path path) {
        try {
            return Files.exists(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            return path;
        }
    }
}
