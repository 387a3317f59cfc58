package org.sfdw.workers.core;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Which temporary files a writer takes for abandoned: only those whose writer it can tell is gone, or stale ones. */
class TemporaryFilesTest {

    private static final Duration STALE = Duration.ofHours(2);

    @TempDir
    Path dir;

    private final WriterIdentity self = WriterIdentity.ofThisProcess();

    /** A pid that no process has now: one that just ended. */
    private static long endedPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor(10, TimeUnit.SECONDS);
        return process.pid();
    }

    private Path temporary(Path target, WriterIdentity writer, Duration age) throws Exception {
        Path file = Files.writeString(target.resolveSibling("." + target.getFileName() + ".sfdw-" + writer.token()
                + "-7.tmp"), "x");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    @Test
    void onlyFilesWhoseWriterIsKnownToBeGoneOrThatAreStaleAreRemoved() throws Exception {
        Path target = dir.resolve("run.h5");
        long ended = endedPid();
        long alive = ProcessHandle.current().pid();
        Path deadHere = temporary(target, new WriterIdentity(self.host(), self.boot(), self.pidNamespace(), ended),
                Duration.ZERO);
        Path aliveHere = temporary(target, new WriterIdentity(self.host(), self.boot(), self.pidNamespace(), alive),
                Duration.ZERO);
        Path otherHost = temporary(target, new WriterIdentity("writer-b.psi.ch", self.boot(), self.pidNamespace(),
                ended), Duration.ofMinutes(30));
        Path otherNamespace = temporary(target, new WriterIdentity(self.host(), self.boot(), "4026532999", ended),
                Duration.ofMinutes(30));
        Path staleOtherHost = temporary(target, new WriterIdentity("writer-c.psi.ch", "1a2b3c4d", "4026531836", 12),
                Duration.ofHours(3));
        Path beforeReboot = temporary(target, new WriterIdentity(self.host(), "00000000", self.pidNamespace(), alive),
                Duration.ZERO);
        Path older = Files.writeString(dir.resolve(".run.h5.sfdw-" + ended + "-7.tmp"), "x");
        Path otherTarget = temporary(dir.resolve("run2.h5"), new WriterIdentity(self.host(), self.boot(),
                self.pidNamespace(), ended), Duration.ZERO);

        TemporaryFiles.removeAbandoned(target, STALE, self);

        assertThat(deadHere).as("its writer ran here and is gone").doesNotExist();
        assertThat(beforeReboot).as("its writer ran here before the last boot").doesNotExist();
        assertThat(staleOtherHost).as("unchanged for longer than the stale age").doesNotExist();
        assertThat(aliveHere).as("its writer still runs").exists();
        assertThat(otherHost).as("a pid of another host says nothing here").exists();
        assertThat(otherNamespace).as("a pid of another PID namespace says nothing here").exists();
        assertThat(older).as("an older writer's name carries no host: only its age counts").exists();
        assertThat(otherTarget).as("another file's").exists();
    }

    @Test
    void aWriterInItsOwnPidNamespaceHasAnIdentityOfItsOwn() throws Exception {
        List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc"));
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IdentityProbe.class.getName()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("skipped: unshare cannot be run here: " + e.getMessage());
            return;
        }
        String output = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeTrue(process.exitValue() == 0, "skipped: this machine does not allow a PID namespace "
                + "(unshare --pid said: " + output + ")");
        String[] token = output.lines().reduce((a, b) -> b).orElseThrow().split("~");

        assertThat(token[0]).isEqualTo(self.host());
        assertThat(token[1]).isEqualTo(self.boot());
        assertThat(token[2]).as("another PID namespace").isNotEqualTo(self.pidNamespace());
        assertThat(Long.parseLong(token[3])).as("pids start again in a new namespace").isLessThan(10);
        assertThat(ManagementFactory.getRuntimeMXBean().getPid()).isNotEqualTo(Long.parseLong(token[3]));
    }

    /** Prints the identity of the process it runs in. */
    public static final class IdentityProbe {
        public static void main(String[] args) {
            System.out.println(WriterIdentity.ofThisProcess().token());
        }
    }
}
