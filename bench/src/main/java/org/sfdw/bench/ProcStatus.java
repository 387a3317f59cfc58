package org.sfdw.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A field of {@code /proc/<pid>/status}: the memory a process holds, as the kernel counts it. */
final class ProcStatus {

    private ProcStatus() {
    }

    /** e.g. {@code VmHWM} (peak resident set), {@code RssAnon}, {@code RssFile}, in KiB. */
    static long kib(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
    }
}
