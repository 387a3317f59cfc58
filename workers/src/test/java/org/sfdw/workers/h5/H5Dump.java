package org.sfdw.workers.h5;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file as {@code h5dump -p} prints it: every type, shape, chunk and fill property, the storage address of every
 * contiguous dataset, every value and attribute. Without its first line, which names the file, so that two files
 * written alike print alike.
 */
public final class H5Dump {

    private H5Dump() {
    }

    public static String properties(Path file) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("h5dump", "-p", file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: h5dump (hdf5-tools, which ops/bin/sfdw installs) cannot be run: " + e);
            throw e;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        List<String> lines = out.lines().toList();
        return String.join("\n", lines.subList(1, lines.size()));
    }
}
