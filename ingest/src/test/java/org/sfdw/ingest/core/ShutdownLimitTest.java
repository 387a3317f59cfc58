package org.sfdw.ingest.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.testing.JavaProcess;
import org.sfdw.spool.testing.Poll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A process whose orderly stop hangs still ends soon after SIGTERM. */
class ShutdownLimitTest {

    /** A process with the limit installed and a stop that never finishes (a stuck close), until SIGTERM. */
    public static void main(String[] args) throws Exception {
        ShutdownLimit.install(Duration.ofSeconds(1));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(600_000);
    }

    @TempDir
    Path dir;

    @Test
    void sigtermEndsAProcessWhoseStopHangsWithinTheLimit() throws Exception {
        Path log = dir.resolve("out.log");
        Process process = JavaProcess.start(log, ShutdownLimitTest.class);
        try {
            Poll.until(Duration.ofSeconds(30), "the process to be ready", () -> read(log).contains("ready"));
            long start = System.nanoTime();
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(process.exitValue()).isEqualTo(ShutdownLimit.HALT_STATUS);
            assertThat(read(log)).contains("did not stop within 1 s");
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
