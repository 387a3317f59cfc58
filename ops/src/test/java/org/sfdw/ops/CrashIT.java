package org.sfdw.ops;

import ch.systemsx.cisd.hdf5.HDF5Factory;
import ch.systemsx.cisd.hdf5.IHDF5Reader;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.Durability;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.ingest.delivery.OutcomeJournal;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.H5py;
import org.sfdw.spool.testing.Poll;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crashes ({@code kill -9}) of the broker, of writers and of both, at random moments while a load generator runs
 * acquisitions through the launcher's processes. Afterwards every acquisition whose {@code stop_pulse_id} was
 * answered 200 must end as a complete file or an {@code .err} file, and nothing else may be at a final path. The
 * seed is printed, so a failure can be replayed; each run prints a RELIABILITY line for docs/RELIABILITY.md.
 */
class CrashIT {

    private static final int PULSES = 500;
    /** Crash rounds per scenario; a soak run raises it: {@code ops/bin/sfdw test -Dsfdw.crash.rounds=50}. */
    private static final int ROUNDS = Integer.getInteger("sfdw.crash.rounds", 3);
    private static final String CHANNELS = "\"SIM:SCALAR-F64\", \"SIM:WAVE-F32\", \"SIM:WAVE-U16\"";

    @TempDir
    Path data;

    private LauncherProcesses services;
    private final String writer1Admin = Integer.toString(FreePort.pick());
    private final String writer2Admin = Integer.toString(FreePort.pick());

    /** An acquisition the broker acknowledged: its request ids and file. */
    private record Acknowledged(List<Long> ids, Path file) {
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        if (services != null) {
            services.close();
        }
    }

    private void startAll() throws IOException {
        services = new LauncherProcesses(data);
        services.start("sim", "sim", Map.of());
        services.start("broker", "broker", Map.of());
        services.start("writer1", "writer", Map.of("SFDW_WRITER_ADMIN_PORT", writer1Admin));
        services.start("writer2", "writer", Map.of("SFDW_WRITER_ADMIN_PORT", writer2Admin));
        awaitBroker();
        awaitWriter(writer1Admin);
        awaitWriter(writer2Admin);
        Poll.until(Duration.ofSeconds(60), "the broker to hear from both writers", () -> {
            HttpResponse<String> health = services.call("GET", services.url("SFDW_BROKER_ADMIN_PORT", "/healthcheck"),
                    null);
            return health != null && health.body().contains("2 writer(s) connected");
        });
    }

    private void awaitBroker() {
        Poll.until(Duration.ofSeconds(120), "the simulator and the broker to answer", () ->
                services.answers(services.url("SFDW_SIM_ADMIN_PORT", "/healthcheck"))
                        && services.answers(services.url("SFDW_BROKER_PORT", "/status")));
    }

    private void awaitWriter(String adminPort) {
        Poll.until(Duration.ofSeconds(120), "writer on admin port " + adminPort,
                () -> services.answers("http://127.0.0.1:" + adminPort + "/healthcheck"));
    }

    /** Runs acquisitions until stopped; keeps those the broker acknowledged. */
    private final class LoadGenerator implements Runnable {
        final List<Acknowledged> acknowledged = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger sent = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);

        @Override
        public void run() {
            for (int run = 1; running.get(); run++) {
                Path file = services.raw().resolve(String.format("run_%05d.h5", run));
                long start = 10_000L * run;
                String parameters = "{\"general/created\": \"c\", \"general/user\": \"u\", \"general/process\": "
                        + "\"CrashIT\", \"general/instrument\": \"sim\", \"output_file\": \"" + file + "\", "
                        + "\"channels\": [" + CHANNELS + "]}";
                sent.incrementAndGet();
                HttpResponse<String> p = services.call("POST", services.url("SFDW_BROKER_PORT", "/parameters"),
                        parameters);
                HttpResponse<String> s = p == null || p.statusCode() != 200 ? null
                        : services.call("PUT", services.url("SFDW_BROKER_PORT", "/start_pulse_id/" + start), "");
                HttpResponse<String> stop = s == null || s.statusCode() != 200 ? null
                        : services.call("PUT", services.url("SFDW_BROKER_PORT", "/stop_pulse_id/"
                        + (start + PULSES - 1)), "");
                if (stop != null && stop.statusCode() == 200) {
                    List<Long> ids = Stream.of(stop.headers().firstValue("X-Request-Ids").orElse("").split(","))
                            .filter(x -> !x.isBlank()).map(x -> Long.parseLong(x.strip())).toList();
                    acknowledged.add(new Acknowledged(ids, file));
                }
                try {
                    Thread.sleep(stop == null ? 100 : 30);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private interface Chaos {
        void run(Random random) throws Exception;
    }

    private void scenario(String name, Chaos chaos) throws Exception {
        long seed = System.nanoTime();
        System.out.println("CrashIT " + name + ": seed " + seed);
        Random random = new Random(seed);
        startAll();
        LoadGenerator load = new LoadGenerator();
        Thread generator = new Thread(load, "load-generator");
        generator.start();
        try {
            chaos.run(random);
            Thread.sleep(1000);
        } finally {
            load.running.set(false);
            generator.join(60_000);
        }
        List<Acknowledged> acknowledged = List.copyOf(load.acknowledged);
        assertThat(acknowledged).as("acknowledged acquisitions (seed %d)", seed).isNotEmpty();

        Poll.until(Duration.ofSeconds(180), "every acknowledged acquisition to end in a file or an .err file",
                () -> acknowledged.stream().allMatch(a -> Files.exists(a.file())
                        || Files.exists(Path.of(a.file() + ".err"))));
        Poll.until(Duration.ofSeconds(60), "every acknowledged request to have its final status at the broker",
                () -> acknowledged.stream().flatMap(a -> a.ids().stream()).allMatch(id -> {
                    HttpResponse<String> r = services.call("GET", services.url("SFDW_BROKER_PORT", "/requests/" + id),
                            null);
                    return r != null && (r.body().contains("\"status\": \"written\"")
                            || r.body().contains("\"status\": \"failed\""));
                }));

        int written = 0;
        int failed = 0;
        for (Acknowledged a : acknowledged) {
            if (Files.exists(a.file())) {
                written++;
                try (IHDF5Reader reader = HDF5Factory.openForReading(a.file().toFile())) {
                    assertThat(reader.int64().readArray("/data/SIM:WAVE-F32/pulse_id")).as(a.file().toString())
                            .hasSize(PULSES);
                }
            } else if (Files.exists(Path.of(a.file() + ".err"))) {
                failed++;
            }
        }
        // The scientists' reader: h5py opens the newest files, those written while the crashes happened.
        List<Path> newest = services.files(".h5");
        for (Path file : newest.subList(Math.max(0, newest.size() - 8), newest.size())) {
            assertThat(H5py.dump(file).get("datasets").has("/data/SIM:WAVE-F32/data")).as(file.toString()).isTrue();
        }
        // A write is a writer's WRITTEN at its time; the same outcome sent again after a lost link is not another.
        Map<Long, java.util.Set<String>> writes = new HashMap<>();
        try (OutcomeJournal journal = OutcomeJournal.openForReading(data.resolve("spool/outcomes"),
                new OutcomeCodec(new ObjectMapper()))) {
            journal.replay(o -> {
                if (o.kind() == Outcome.Kind.WRITTEN) {
                    writes.computeIfAbsent(o.requestId(), id -> new java.util.HashSet<>())
                            .add(o.writer() + "@" + o.timeMillis());
                }
            });
        }
        long writtenTwice = writes.values().stream().filter(w -> w.size() > 1).count();
        try (Stream<Path> files = Files.list(services.raw())) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertThat(names).as("only files and .err files at final paths, no temporary file left")
                    .allMatch(n -> n.matches("run_\\d{5}\\.h5(\\.err)?"));
        }
        int lost = acknowledged.size() - written - failed;
        // Since the broker's last start: how often a request was sent again because its writer went silent.
        HttpResponse<String> metrics = services.call("GET", services.url("SFDW_BROKER_ADMIN_PORT", "/prometheus"),
                null);
        String redelivered = metrics == null ? "?" : metrics.body().lines()
                .filter(l -> l.startsWith("sfdw_broker_requests_redelivered ")).map(l -> l.split(" ")[1])
                .findFirst().orElse("?");
        System.out.printf("RELIABILITY scenario=%s seed=%d sent=%d acknowledged=%d written=%d failed=%d lost=%d "
                + "written-twice=%d redelivered-since-last-broker-start=%s process-starts=%d%n", name, seed,
                load.sent.get(), acknowledged.size(), written, failed, lost, writtenTwice, redelivered,
                services.starts());
        assertThat(lost).isZero();
    }

    private void killAndRestartBroker(Random random) throws Exception {
        services.kill("broker", "broker");
        Thread.sleep(random.nextInt(500));
        services.restart("broker", "broker");
        awaitBroker();
    }

    private void killAndRestartWriter(Random random) throws Exception {
        boolean first = random.nextBoolean();
        services.kill(first ? "writer1" : "writer2", "writer");
        Thread.sleep(random.nextInt(1000));
        services.restart(first ? "writer1" : "writer2", "writer");
        awaitWriter(first ? writer1Admin : writer2Admin);
    }

    @Test
    void theBrokerKilledAtRandomMomentsLosesNoAcknowledgedAcquisition() throws Exception {
        scenario("broker-kill-9", random -> {
            for (int round = 0; round < ROUNDS; round++) {
                Thread.sleep(500 + random.nextInt(1500));
                killAndRestartBroker(random);
            }
        });
    }

    @Test
    void writersKilledAtRandomMomentsLeaveOnlyWholeFilesOrErrFiles() throws Exception {
        scenario("writer-kill-9", random -> {
            for (int round = 0; round < ROUNDS + 1; round++) {
                Thread.sleep(300 + random.nextInt(1200));
                killAndRestartWriter(random);
            }
        });
    }

    @Test
    void brokerAndWriterKilledTogetherAndRestartedInEitherOrder() throws Exception {
        scenario("both-kill-9", random -> {
            for (int round = 0; round < Math.max(1, ROUNDS - 1); round++) {
                Thread.sleep(500 + random.nextInt(1500));
                boolean firstWriter = random.nextBoolean();
                String writer = firstWriter ? "writer1" : "writer2";
                services.kill("broker", "broker");
                services.kill(writer, "writer");
                if (random.nextBoolean()) {
                    services.restart(writer, "writer");
                    services.restart("broker", "broker");
                } else {
                    services.restart("broker", "broker");
                    services.restart(writer, "writer");
                }
                awaitBroker();
                awaitWriter(firstWriter ? writer1Admin : writer2Admin);
            }
        });
    }
}
