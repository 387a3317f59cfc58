package org.sfdw.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.AuditLine;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.H5py;
import org.sfdw.spool.testing.Poll;
import org.sfdw.spool.testing.SmallDisk;
import org.sfdw.workers.core.FileMark;
import org.sfdw.workers.core.FileMarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers under faults, with the launcher's processes: a writer stopped in its own PID namespace and overtaken by
 * another, the link between the broker's host and the writer's cut for 30 s (network namespaces and a veth pair),
 * an output disk that goes read-only or fills up, a link on the output path swapped after the stop was answered,
 * and a file of another acquisition at the target. Each prints a RELIABILITY line for docs/RELIABILITY.md.
 */
class WriterFaultsIT {

    @TempDir
    Path data;

    private LauncherProcesses services;
    private Acquisitions acquisitions;
    private final List<AutoCloseable> cleanups = new ArrayList<>();
    private final String writerAdmin = Integer.toString(FreePort.pick());

    @AfterEach
    void stopAll() throws Exception {
        if (services != null) {
            services.close();
        }
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            cleanups.get(i).close();
        }
    }

    private void newServices() throws IOException {
        services = new LauncherProcesses(data);
        acquisitions = new Acquisitions(services, "WriterFaultsIT");
        // Faults here last seconds, not minutes.
        services.editConfig("    requestTimeout: 10m\n", "    requestTimeout: 10m\n    retry:\n"
                + "      initialBackoff: 200ms\n      maxBackoff: 1s\n      budget: 8s\n");
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void aWriterStoppedInItsOwnPidNamespaceIsOvertakenAndStandsDownWithoutAnErrFile() throws Exception {
        Assumptions.assumeTrue(LauncherProcesses.run("unshare", "--pid", "--fork", "true") == 0,
                "skipped: this machine does not allow a PID namespace (unshare --pid) for the stopped-writer test");
        newServices();
        services.editConfig("heartbeatInterval: 5s", "heartbeatInterval: 1s");
        services.editConfig("heartbeatTimeout: 30s", "heartbeatTimeout: 4s");
        services.editConfig("retrievalDelay: 0s", "retrievalDelay: 3s");
        services.start("sim", "sim", Map.of());
        services.start("broker", "broker", Map.of());
        services.startUnder(List.of("unshare", "--pid", "--fork", "--kill-child"), "writerA", "writer",
                Map.of("SFDW_WRITER_ADMIN_PORT", writerAdmin));
        services.awaitBroker();
        services.awaitWriter(writerAdmin);
        Path file = services.raw().resolve("run_0001.h5");

        long id = Acquisitions.ids(acquisitions.acquire(file, 1000)).get(0);
        Poll.until(Duration.ofSeconds(30), "writer A to receive request " + id,
                () -> "writing".equals(acquisitions.statusOf(id)));
        services.signal("writerA", "writer", "STOP");
        long stopped = System.nanoTime();
        String writerB = Integer.toString(FreePort.pick());
        services.start("writerB", "writer", Map.of("SFDW_WRITER_ADMIN_PORT", writerB));
        acquisitions.awaitStatuses(List.of(id), "written", Duration.ofSeconds(90));
        double overtaken = (System.nanoTime() - stopped) / 1e9;
        String standing = acquisitions.request(id).path("writer").asText();
        services.signal("writerA", "writer", "CONT");
        Poll.until(Duration.ofSeconds(60), "writer A to stand down", () -> services.log("writerA")
                .contains("request " + id + ": stood down for " + file));

        assertThat(services.log("writerA")).as("writer A ran in a PID namespace of its own")
                .containsPattern("Received request " + id);
        assertThat(standing).as("the write that stands is writer B's, not A's (pid 1 or 2 in its namespace)")
                .doesNotEndWith("~1").doesNotEndWith("~2");
        assertThat(services.log("writerB")).contains("Received request " + id + ", sending 2");
        FileMark mark = new FileMarks().read(file).orElseThrow();
        assertThat(mark.delivery()).isEqualTo(2);
        assertThat(mark.writer()).isEqualTo(standing);
        assertThat(services.files("")).as("one whole file, no .err, no temporary file").containsExactly(file);
        Poll.until(Duration.ofSeconds(30), "the broker to hear that A stood down",
                () -> services.log("broker").contains("request " + id + ": writer "));
        assertThat(services.log("broker")).contains("stood down: a later sending of the same request wrote " + file);
        JsonNode after = acquisitions.request(id);
        assertThat(after.path("status").asText()).isEqualTo("written");
        assertThat(after.path("writer").asText()).as("still B's write").isEqualTo(standing);
        assertThat(H5py.dump(file).path("datasets").path("/data/SIM:SCALAR-F64/pulse_id").path("shape").get(0)
                .asInt()).as("h5py reads the whole acquisition").isEqualTo(100);
        System.out.printf("RELIABILITY stopped-writer-pid-namespace | 1 | 1 | 1 | 0 | 0 | overtaken %.1f s after "
                + "SIGSTOP; A stood down after SIGCONT without an .err%n", overtaken);
    }

    @Test
    void theLinkBetweenTheBrokersHostAndTheWritersCutFor30sLosesNothing() throws Exception {
        TwoHosts hosts = TwoHosts.create();
        cleanups.add(hosts);
        newServices();
        for (String port : List.of("SFDW_STREAM_PORT", "SFDW_OUTCOME_PORT")) {
            services.editConfig("tcp://127.0.0.1:${" + port, "tcp://" + TwoHosts.HERE + ":${" + port);
        }
        // The data api and the writer share the other host; the test reaches their admin ports over the link.
        for (String port : List.of("SFDW_SIM_PORT", "SFDW_SIM_ADMIN_PORT", "SFDW_WRITER_ADMIN_PORT")) {
            services.editConfig("bindHost: 127.0.0.1\n        port: ${" + port, "bindHost: 0.0.0.0\n        port: ${"
                    + port);
        }
        services.startUnder(hosts.there(), "sim", "sim", Map.of());
        services.start("broker", "broker", Map.of());
        services.startUnder(hosts.there(), "writer1", "writer", Map.of("SFDW_WRITER_ADMIN_PORT", writerAdmin));
        services.awaitBroker();
        Poll.until(Duration.ofSeconds(120), "the writer and the data api on the other host",
                () -> services.answers("http://" + TwoHosts.THERE + ":" + writerAdmin + "/healthcheck")
                        && services.answers("http://" + TwoHosts.THERE + ":" + services.port("SFDW_SIM_ADMIN_PORT")
                        + "/healthcheck"));
        List<Long> ids = new ArrayList<>();
        int run = 0;
        for (; run < 3; run++) {
            ids.addAll(Acquisitions.ids(acquisitions.acquire(file(run), 1000L * (run + 1))));
        }
        acquisitions.awaitStatuses(ids, "written");

        hosts.cut();
        long cut = System.nanoTime();
        long slot = cut;
        List<Long> during = new ArrayList<>();
        for (int i = 0; i < 10; i++, run++) {
            during.addAll(Acquisitions.ids(acquisitions.acquire(file(run), 1000L * (run + 1))));
            slot += TimeUnit.SECONDS.toNanos(3);
            LockSupport.parkNanos(slot - System.nanoTime());     // the acquisitions' pace, not a wait for a result
        }
        hosts.restore();
        long restored = System.nanoTime();
        acquisitions.awaitStatuses(during, "written", Duration.ofSeconds(120));
        double recovery = (System.nanoTime() - restored) / 1e9;
        ids.addAll(during);
        for (int i = 0; i < 3; i++, run++) {
            ids.addAll(Acquisitions.ids(acquisitions.acquire(file(run), 1000L * (run + 1))));
        }
        acquisitions.awaitStatuses(ids, "written");

        assertThat(services.files(".h5")).hasSize(ids.size());
        assertThat(services.files(".err")).isEmpty();
        long resent = ids.stream().filter(id -> acquisitions.request(id).path("attempts").asInt() > 1).count();
        System.out.printf("RELIABILITY link-cut-30s | %d | %d | %d | 0 | 0 | the %d acquired during the %.0f s cut "
                        + "were all written %.1f s after the link came back; %d sent again%n", ids.size(), ids.size(),
                services.files(".h5").size(), during.size(), (restored - cut) / 1e9, recovery, resent);
        assertThat(recovery).as("seconds from the link's return until every request of the cut was written")
                .isLessThan(10.0);
    }

    @Test
    void anOutputDiskThatGoesReadOnlyOrFillsUpIsRetriedAndNothingIsLost() throws Exception {
        SmallDisk disk = SmallDisk.mount(data.resolve("raw/disk"), 8);
        cleanups.add(disk);
        newServices();
        services.startSimBrokerWriter(writerAdmin);

        disk.readOnly();
        long readOnly = Acquisitions.ids(acquisitions.acquire(disk.root().resolve("ro_1.h5"), 1000)).get(0);
        awaitRetried(readOnly);
        disk.writable();
        acquisitions.awaitStatuses(List.of(readOnly), "written");

        disk.fill(0);
        long full = Acquisitions.ids(acquisitions.acquire(disk.root().resolve("full_1.h5"), 2000)).get(0);
        awaitRetried(full);
        disk.free();
        acquisitions.awaitStatuses(List.of(full), "written");

        disk.fill(0);
        long tooLong = Acquisitions.ids(acquisitions.acquire(disk.root().resolve("full_2.h5"), 3000)).get(0);
        acquisitions.awaitStatuses(List.of(tooLong), "failed", Duration.ofSeconds(60));
        JsonNode failed = acquisitions.request(tooLong);
        Path undeliverable = data.resolve("spool/undeliverable.err");
        assertThat(failed.path("err_file").asText()).as("where the request can be found")
                .isEqualTo(undeliverable.toString());
        assertThat(failed.path("error").asText()).contains("gave up after").contains("the .err file could not be "
                + "written").contains("its line is kept in " + undeliverable);
        try (Stream<Path> left = Files.list(disk.root())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no empty .err, no temporary file")
                    .containsExactlyInAnyOrder("ro_1.h5", "full_1.h5", "filler");
        }
        List<String> kept = Files.readAllLines(undeliverable);
        assertThat(kept).hasSize(1);
        assertThat(AuditLine.parse(kept.get(0), new com.fasterxml.jackson.databind.ObjectMapper()).parameters())
                .contains(disk.root().resolve("full_2.h5").toString());

        disk.free();
        LauncherProcesses.ToolRun submit = services.tool("submit", "--broker", acquisitions.broker(""),
                undeliverable.toString());
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        Poll.until(Duration.ofSeconds(60), "the re-run to be written", () -> Files.exists(
                disk.root().resolve("full_2.h5")));
        System.out.printf("RELIABILITY output-read-only-and-full | 3 | 3 | 3 | 0 | 0 | read-only and full disks "
                + "retried until writable; full past the 8 s budget: no .err, the line in undeliverable.err, "
                + "re-run with sfdw submit%n");
    }

    @Test
    void theWriterChecksThePathAgainAndKeepsAnotherAcquisitionsFile() throws Exception {
        newServices();
        services.editConfig("retrievalDelay: 0s", "retrievalDelay: 3s");
        services.startSimBrokerWriter(writerAdmin);
        Path outside = Files.createTempDirectory("sfdw-outside-");
        cleanups.add(() -> LauncherProcesses.run("rm", "-rf", outside.toString()));
        Path current = Files.createSymbolicLink(services.raw().resolve("current"),
                Files.createDirectories(services.raw().resolve("p1")));

        long swapped = Acquisitions.ids(acquisitions.acquire(current.resolve("run_1.h5"), 1000)).get(0);
        Files.delete(current);
        Files.createSymbolicLink(current, outside);       // after the broker checked and answered
        acquisitions.awaitStatuses(List.of(swapped), "failed", Duration.ofSeconds(60));
        JsonNode refused = acquisitions.request(swapped);
        assertThat(refused.path("error").asText()).contains("refused by this writer")
                .contains("leads through a symbolic link to " + outside.toRealPath().resolve("run_1.h5"));
        assertThat(refused.path("err_file").asText()).endsWith("spool/undeliverable.err");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).as("nothing written outside the roots").isEmpty();
        }

        Path taken = services.raw().resolve("run_2.h5");
        long first = Acquisitions.ids(acquisitions.acquire(taken, 2000)).get(0);
        acquisitions.awaitStatuses(List.of(first), "written");
        byte[] before = Files.readAllBytes(taken);
        long second = Acquisitions.ids(acquisitions.acquire(taken, 3000)).get(0);
        acquisitions.awaitStatuses(List.of(second), "failed");
        JsonNode kept = acquisitions.request(second);
        assertThat(kept.path("error").asText()).contains("already exists and holds the file of request " + first);
        assertThat(kept.path("err_file").asText()).isEqualTo(taken + ".err");
        assertThat(Files.readAllBytes(taken)).as("the first acquisition's file, untouched").isEqualTo(before);
        System.out.printf("RELIABILITY writer-paths-and-existing-files | 3 | 3 | 1 | 0 | 0 | a link swapped out of "
                + "the roots after the stop: refused by the writer, nothing outside; another acquisition's file kept, "
                + "the request failed naming it%n");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Path file(int run) {
        return services.raw().resolve(String.format("run_%04d.h5", run + 1));
    }

    /** Until the writer has tried request {@code id} and is about to try it again. */
    private void awaitRetried(long id) {
        Poll.until(Duration.ofSeconds(30), "the writer to retry request " + id, () -> services.log("writer1")
                .contains("request " + id + ": attempt 1 for"));
    }

}
