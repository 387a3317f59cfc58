package org.sfdw.paths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which {@code output_file} may be written: an absolute path without {@code ..} or control characters, of sane
 * length, in (not equal to) one of the allowed roots, also after following the symbolic links that exist at the
 * moment of the check. {@code /dev/null} is always allowed: the original's way to run an acquisition without a
 * file. Paths inside the forbidden directories (the spool and its outcome journal) are refused whatever the roots
 * say: a file written there would overwrite the audit trail.
 *
 * <p>The broker checks when a request is made; the writer checks again right before it creates the file and before
 * it renames it into place, because a link on the way may have been changed in between.
 */
public final class OutputPathRule {

    public static final String DEV_NULL = "/dev/null";
    static final int MAX_PATH_BYTES = 4096;
    static final int MAX_NAME_BYTES = 255;

    private final List<Path> roots;
    private final List<Path> forbidden;

    /**
     * @param roots     directories output files may be written in
     * @param forbidden directories no output may go into, even under an allowed root
     */
    public OutputPathRule(List<Path> roots, List<Path> forbidden) {
        this.roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
        this.forbidden = forbidden.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * Checks {@code outputFile} now.
     *
     * @return where the file goes with the symbolic links that exist now resolved: its real directory (as far as it
     *         exists) and its name
     * @throws OutputPathRefusedException saying why the path is refused
     */
    public Path check(String outputFile) {
        if (outputFile.equals(DEV_NULL)) {
            return Path.of(DEV_NULL);
        }
        if (outputFile.indexOf('\0') >= 0) {
            throw new OutputPathRefusedException("output_file contains a NUL character");
        }
        if (outputFile.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new OutputPathRefusedException("output_file contains a control character (a newline, a tab, ...): "
                    + outputFile.chars().filter(c -> c < 0x20 || c == 0x7f).mapToObj(c -> String.format("U+%04X", c))
                    .distinct().toList());
        }
        if (outputFile.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new OutputPathRefusedException("output_file is longer than " + MAX_PATH_BYTES + " bytes");
        }
        if (!outputFile.startsWith("/")) {
            throw new OutputPathRefusedException("output_file must be an absolute path, not '" + outputFile + "'");
        }
        if (List.of(outputFile.split("/")).contains("..")) {
            throw new OutputPathRefusedException("output_file must not contain '..': '" + outputFile + "'");
        }
        if (outputFile.endsWith("/")) {
            throw new OutputPathRefusedException("output_file names a directory, not a file: '" + outputFile + "'");
        }
        Path path = Path.of(outputFile).normalize();
        if (path.getFileName() == null) {
            throw new OutputPathRefusedException("output_file names a directory, not a file: '" + outputFile + "'");
        }
        if (path.getFileName().toString().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new OutputPathRefusedException("output_file's name is longer than " + MAX_NAME_BYTES + " bytes");
        }
        if (roots.contains(path)) {
            throw new OutputPathRefusedException("output_file " + outputFile + " is an allowed directory itself, not "
                    + "a file in it");
        }
        if (roots.stream().noneMatch(path::startsWith)) {
            throw new OutputPathRefusedException("output_file " + outputFile + " is outside the allowed directories "
                    + roots);
        }
        Path real = realPathOfExistingPart(path);
        List<Path> realRoots = roots.stream().map(OutputPathRule::realPath).toList();
        if (realRoots.stream().noneMatch(real::startsWith)) {
            throw new OutputPathRefusedException("output_file " + outputFile + " leads through a symbolic link to "
                    + real + ", outside the allowed directories " + roots);
        }
        if (realRoots.contains(real)) {
            throw new OutputPathRefusedException("output_file " + outputFile + " leads through a symbolic link to "
                    + real + ", an allowed directory itself, not a file in it");
        }
        for (Path inside : forbidden) {
            if (path.startsWith(inside) || real.startsWith(realPath(inside))) {
                throw new OutputPathRefusedException("output_file " + outputFile + " is inside the spool " + inside
                        + ", which holds the audit trail: no output may be written there");
            }
        }
        return real;
    }

    /** The real path of the deepest part of {@code path} that exists, with the rest appended. */
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
