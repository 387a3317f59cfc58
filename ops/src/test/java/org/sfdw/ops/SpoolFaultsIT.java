package org.sfdw.ops;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.store.QueueDocument;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.Poll;
import org.sfdw.spool.testing.QueueDamage;
import org.sfdw.spool.testing.SmallDisk;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults other than kill -9, with the launcher's processes: the spool's disk fills up and is freed, the spool is
 * damaged while the broker is down, a second broker starts on the same spool, the spool's disk hangs. Each prints
 * a RELIABILITY line for docs/RELIABILITY.md.
 */
class SpoolFaultsIT {

    @TempDir
    Path data;

    private LauncherProcesses services;
    private Acquisitions acquisitions;
    private final List<AutoCloseable> mounts = new ArrayList<>();
    private final String writerAdmin = Integer.toString(FreePort.pick());
    private int run;

    @AfterEach
    void stopAll() throws Exception {
        if (services != null) {
            services.close();
        }
        for (AutoCloseable mount : mounts) {
            mount.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void aFullSpoolDiskRefusesStopsCleanlyAndEverythingAcknowledgedIsWrittenOnceItIsFreed() throws Exception {
        SmallDisk disk = SmallDisk.mount(data.resolve("spool-disk"), 16);
        mounts.add(disk);
        services = new LauncherProcesses(data);
        acquisitions = new Acquisitions(services, "SpoolFaultsIT");
        services.useSpool(disk.root().resolve("spool"));
        services.editConfig("minFreeSpace: 64MiB", "minFreeSpace: 4MiB");
        services.startSimBrokerWriter(writerAdmin);

        HttpResponse<String> inside = services.call("POST", broker("/parameters"),
                parameters(disk.root().resolve("spool/metadata.cq4t")));
        assertThat(inside.body()).contains("\"state\": \"error\"").contains("is inside the spool");

        List<Long> acknowledged = new ArrayList<>();
        int sent = 0;
        int refused = 0;
        for (int i = 0; i < 5; i++, sent++) {
            acknowledged.addAll(ids(acquire()));
        }
        disk.fill(2L << 20);
        for (int i = 0; i < 4; i++, sent++) {
            HttpResponse<String> stop = acquire();
            assertThat(stop).as("every call is answered").isNotNull();
            assertThat(stop.body()).contains("\"state\": \"error\"").contains("below the reserve");
            assertThat(stop.headers().firstValue("X-Request-Ids")).isEmpty();
            refused++;
        }
        HttpResponse<String> health = services.call("GET", services.url("SFDW_BROKER_ADMIN_PORT", "/healthcheck"),
                null);
        assertThat(health.statusCode()).isEqualTo(500);
        assertThat(health.body()).contains("below the reserve");
        disk.fill(0);
        for (int i = 0; i < 3; i++, sent++) {
            assertThat(acquire().body()).contains("\"state\": \"error\"");
            refused++;
        }
        disk.free();
        for (int i = 0; i < 5; i++, sent++) {
            acknowledged.addAll(ids(acquire()));
        }
        awaitStatuses(acknowledged, "written");
        services.kill("broker", "broker");
        services.restart("broker", "broker");
        services.awaitBroker();
        awaitStatuses(acknowledged, "written");
        for (int i = 0; i < 2; i++, sent++) {
            acknowledged.addAll(ids(acquire()));
        }
        awaitStatuses(acknowledged, "written");

        assertThat(acknowledged).as("no id consumed by a refused stop, none issued twice")
                .containsExactlyElementsOf(Stream.iterate(1L, id -> id + 1).limit(acknowledged.size()).toList());
        assertThat(services.files(".h5")).hasSize(acknowledged.size());
        System.out.printf("RELIABILITY spool-disk-full | %d | %d | %d | 0 | 0 | %d refused with an error%n", sent,
                acknowledged.size(), services.files(".h5").size(), refused);
    }

    @Test
    void damagedCopiesOfARealSpoolAreRefusedOrRepairedAndSalvageSavesEveryIntactRequest() throws Exception {
        services = new LauncherProcesses(data);
        acquisitions = new Acquisitions(services, "SpoolFaultsIT");
        services.startSimBrokerWriter(writerAdmin);
        List<Long> acknowledged = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            acknowledged.addAll(ids(acquire()));
        }
        awaitStatuses(acknowledged, "written");
        services.stop("broker", "broker");
        Path spool = data.resolve("spool");

        // 1. The file cut inside the last acknowledged record.
        Path cut = copy(spool, "cut");
        List<QueueDocument> documents = QueueDamage.documents(cut);
        QueueDamage.cutInside(documents.get(documents.size() - 1), 40);
        String refusal = brokerRefuses(cut);
        assertThat(refusal).contains("the file ends inside it").contains(QueueDamage.newestFile(cut).getFileName()
                + " at byte").contains("sfdw spool salvage --spool " + cut);
        LauncherProcesses.ToolRun verify = services.tool("spool", "verify", "--spool", cut.toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("damaged spool").contains("inside acknowledged data");
        Path salvaged = data.resolve("salvaged");
        LauncherProcesses.ToolRun salvage = services.tool("spool", "salvage", "--spool", cut.toString(), "--to",
                salvaged.toString());
        assertThat(salvage.err()).contains("5 requests and").contains("requests 6..6 could not be saved");
        assertThat(salvage.exitCode()).isEqualTo(1);
        services.useSpool(salvaged);
        services.restart("broker", "broker");
        services.awaitBroker();
        assertThat(ids(acquire())).as("request 6 was acknowledged: its id is not issued again").containsExactly(7L);
        assertThat(services.call("GET", broker("/requests/3"), null).body()).contains("\"status\": \"written\"");
        services.stop("broker", "broker");

        // 2. The newest cycle file emptied.
        Path empty = copy(spool, "empty");
        QueueDamage.truncate(QueueDamage.newestFile(empty), 0);
        assertThat(brokerRefuses(empty)).contains("the file is empty (0 bytes)").contains("requests missing: 1..6");

        // 3. 64 bytes overwritten inside request 3.
        Path overwritten = copy(spool, "overwritten");
        QueueDamage.overwrite(QueueDamage.documents(overwritten).get(2), 150,
                "#".repeat(64).getBytes(StandardCharsets.US_ASCII));
        assertThat(brokerRefuses(overwritten)).contains("checksum mismatch").contains("it reads as request 3");
        LauncherProcesses.ToolRun listed = services.tool("spool", "salvage", "--spool", overwritten.toString(), "--to",
                data.resolve("salvaged-3").toString());
        assertThat(listed.out()).as("the damaged request's audit line, to check and resubmit")
                .startsWith("[").contains("\"data_api_request\"").contains("run_");
        assertThat(listed.err()).contains("it reads as request 3");

        // 4. The outcome journal cut inside its last record: the start cuts it and goes on.
        Path journalCut = copy(spool, "journal-cut");
        List<QueueDocument> outcomes = QueueDamage.documents(journalCut.resolve("outcomes"));
        QueueDamage.cutInside(outcomes.get(outcomes.size() - 1), 10);
        services.useSpool(journalCut);
        services.restart("broker", "broker");
        services.awaitBroker();
        assertThat(services.log("broker")).contains("cut away the torn record");
        assertThat(services.call("GET", broker("/requests/1"), null).body()).contains("\"status\": \"written\"");
        assertThat(ids(acquire())).containsExactly(7L);
        System.out.printf("RELIABILITY damaged-spool | %d | %d | %d | 0 | 0 | cut last record, empty file and 64 "
                + "bytes refused; salvage saved 5 of 6 (the cut one's id kept taken); torn journal tail cut%n",
                acknowledged.size(), acknowledged.size(), acknowledged.size());
    }

    @Test
    void aSecondBrokerOnTheSameSpoolIsRefusedAndNamesTheProcessThatHoldsIt() throws Exception {
        services = new LauncherProcesses(data);
        acquisitions = new Acquisitions(services, "SpoolFaultsIT");
        services.start("broker", "broker", Map.of());
        services.awaitBroker();
        long first = services.process("broker", "broker").orElseThrow().pid();

        Process second = services.start("broker2", "broker", Map.of());
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the second broker exits").isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(services.log("broker2")).contains("is in use by another process: pid " + first)
                .contains("One broker per spool");
        assertThat(services.answers(broker("/status"))).as("the first one is untouched").isTrue();
        LauncherProcesses.ToolRun export = services.tool("audit", "export", "--spool", data.resolve("spool").toString());
        assertThat(export.exitCode()).as("read-only tools work while the broker runs: " + export.err()).isZero();
        LauncherProcesses.ToolRun verify = services.tool("spool", "verify", "--spool", data.resolve("spool").toString());
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.err()).contains("verified, nothing damaged");
        System.out.println("RELIABILITY second-broker | - | - | - | - | 0 | refused, naming pid " + first);
    }

    @Test
    void aHungSpoolDiskAnswersStopsWithinTheirDeadlineAndSigtermStillEndsTheBroker() throws Exception {
        Path image = data.resolve("hung.img");
        Path mountPoint = Files.createDirectories(data.resolve("hung"));
        Assumptions.assumeTrue(LauncherProcesses.run("truncate", "-s", "256M", image.toString()) == 0
                        && LauncherProcesses.run("mkfs.ext4", "-q", image.toString()) == 0
                        && LauncherProcesses.run("mount", "-o", "loop", image.toString(), mountPoint.toString()) == 0,
                "skipped: this machine does not allow a loop-mounted ext4 for the hung-disk test");
        mounts.add(() -> {
            LauncherProcesses.run("fsfreeze", "--unfreeze", mountPoint.toString());
            LauncherProcesses.run("umount", "-l", mountPoint.toString());
        });
        services = new LauncherProcesses(data);
        acquisitions = new Acquisitions(services, "SpoolFaultsIT");
        services.useSpool(mountPoint.resolve("spool"));
        services.editConfig("appendTimeout: 10s", "appendTimeout: 2s");
        services.editConfig("minFreeSpace: 64MiB", "minFreeSpace: 16MiB");
        services.editConfig("shutdownLimit: 45s", "shutdownLimit: 10s");
        services.start("broker", "broker", Map.of());
        services.awaitBroker();
        List<Long> acknowledged = new ArrayList<>();
        acknowledged.addAll(ids(acquire()));
        acknowledged.addAll(ids(acquire()));
        // No writer: the forwarder only reads. A thread that stores into a mapped page of the frozen disk would stall
        // the whole JVM (README, "Hung disk"); the spool's appends go through a system call first.
        Poll.until(Duration.ofSeconds(30), "the forwarder to be waiting for a writer", () -> {
            HttpResponse<String> health = services.call("GET", services.url("SFDW_BROKER_ADMIN_PORT", "/healthcheck"),
                    null);
            return health != null && health.body().contains("no writer is connected");
        });

        assertThat(LauncherProcesses.run("fsfreeze", "--freeze", mountPoint.toString())).isZero();
        long sigterm;
        try {
            long start = System.nanoTime();
            HttpResponse<String> stop = acquire();
            assertThat(stop).as("a stop on a hung disk is answered; the broker said: %s", services.log("broker"))
                    .isNotNull();
            assertThat(stop.body()).contains("\"state\": \"error\"").contains("did not finish writing within 2000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            long status = System.nanoTime();
            assertThat(services.answers(broker("/status"))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - status)).isLessThan(Duration.ofSeconds(2));
            assertThat(acquire().body()).as("the next stop too").contains("\"state\": \"error\"");
            sigterm = System.nanoTime();
            services.process("broker", "broker").orElseThrow().destroy();
            Thread.sleep(3000);   // the fault itself: the disk stays hung for 3 s after SIGTERM
        } finally {
            LauncherProcesses.run("fsfreeze", "--unfreeze", mountPoint.toString());
        }
        Process broker = services.process("broker", "broker").orElseThrow();
        assertThat(broker.waitFor(30, TimeUnit.SECONDS)).as("the broker ends after SIGTERM").isTrue();
        long stopSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sigterm);
        services.kill("broker", "broker");
        services.restart("broker", "broker");
        services.awaitBroker();
        acknowledged.addAll(ids(acquire()));
        assertThat(acknowledged).as("the stops answered with an error consumed no id").containsExactly(1L, 2L, 3L);
        assertThat(services.call("GET", broker("/requests/2"), null).statusCode()).isEqualTo(200);
        System.out.printf("RELIABILITY hung-spool-disk | 5 | 3 | - | - | 0 | 2 stops answered with an error within the "
                + "2 s deadline; SIGTERM to exit in %d s (3 s of it still frozen)%n", stopSeconds);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Starts a broker on {@code spool} and expects it to exit without serving; returns its log. */
    private String brokerRefuses(Path spool) throws Exception {
        services.useSpool(spool);
        String name = "broker-" + spool.getFileName();
        Process process = services.start(name, "broker", Map.of());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("a broker on damaged " + spool + " exits").isTrue();
        assertThat(process.exitValue()).as("a damaged spool: systemd does not restart it (RestartPreventExitStatus)")
                .isEqualTo(65);
        return services.log(name);
    }

    private String broker(String path) {
        return acquisitions.broker(path);
    }

    private String parameters(Path file) {
        return acquisitions.parameters(file);
    }

    /** One acquisition of 100 pulses into its own file; the stop's answer (null when the broker did not answer). */
    private HttpResponse<String> acquire() {
        run++;
        return acquisitions.acquire(services.raw().resolve(String.format("run_%04d.h5", run)), 1000L * run);
    }

    private static List<Long> ids(HttpResponse<String> stop) {
        return Acquisitions.ids(stop);
    }

    private void awaitStatuses(List<Long> ids, String status) {
        acquisitions.awaitStatuses(ids, status);
    }

    /** A copy of the spool as it lies on disk (queue files stay sparse). */
    private Path copy(Path spool, String name) throws IOException, InterruptedException {
        Path target = data.resolve("copy-" + name);
        assertThat(LauncherProcesses.run("cp", "-r", "--sparse=always", spool.toString(), target.toString())).isZero();
        return target;
    }

}
