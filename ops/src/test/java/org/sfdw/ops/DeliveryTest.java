package org.sfdw.ops;

import ch.systemsx.cisd.hdf5.HDF5Factory;
import ch.systemsx.cisd.hdf5.IHDF5Reader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.ops.sim.core.SimulatedValues;
import org.sfdw.spool.Durability;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.ingest.delivery.OutcomeJournal;
import org.sfdw.spool.testing.Fixtures;
import org.sfdw.spool.testing.Poll;
import org.sfdw.spool.testing.ZmqMessages;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The promise: nothing accepted is lost, with real queues, sockets and (for the crash) a separate writer process. */
class DeliveryTest {

    @TempDir
    Path data;
    private Services services;

    @AfterEach
    void stop() {
        if (services != null) {
            services.close();
        }
    }

    private List<Outcome> journal() {
        List<Outcome> outcomes = new ArrayList<>();
        try (OutcomeJournal journal = OutcomeJournal.openForReading(services.spool().resolve("outcomes"),
                new OutcomeCodec(new ObjectMapper()))) {
            journal.replay(outcomes::add);
        }
        return outcomes;
    }

    private Map<Long, Long> count(Outcome.Kind kind) {
        return journal().stream().filter(o -> o.kind() == kind)
                .collect(Collectors.groupingBy(Outcome::requestId, Collectors.counting()));
    }

    private String status(long id) {
        try {
            return new ObjectMapper().readTree(services.broker("GET", "/requests/" + id, null).body())
                    .get("status").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<Long, Long> once(long[] ids) {
        return LongStream.of(ids).boxed().collect(Collectors.toMap(Function.identity(), id -> 1L));
    }

    @Test
    void aBrokerRestartBetweenSpoolAndForwardLosesNothing() throws Exception {
        services = new Services(data).startSim().startBroker();
        List<Long> ids = new ArrayList<>();
        for (int run = 1; run <= 3; run++) {
            for (long id : services.acquire(data.resolve("restart/run" + run + ".h5"), 100, 120, "SIM:SCALAR-F64")) {
                ids.add(id);
            }
        }
        services.stopBroker();
        services.startBroker().startWriter();

        Poll.until(Duration.ofSeconds(60), "the three files", () -> Stream.of(1, 2, 3)
                .allMatch(run -> Files.exists(data.resolve("restart/run" + run + ".h5"))));
        long[] all = ids.stream().mapToLong(Long::longValue).toArray();
        Poll.until(Duration.ofSeconds(30), "every request written", () -> ids.stream().allMatch(id -> status(id)
                .equals("written")));
        assertThat(count(Outcome.Kind.SENT).keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(count(Outcome.Kind.WRITTEN)).isEqualTo(once(all));

        // The completeness report is journalled with the outcome, so it is still there after another restart.
        services.stopBroker();
        services.startBroker();
        JsonNode request = new ObjectMapper().readTree(services.broker("GET", "/requests/" + ids.get(0), null).body())
                .get("request");
        assertThat(request.get("status").asText()).isEqualTo("written");
        assertThat(request.get("writer").asText()).as("the writer whose file stands: host~boot~pid namespace~pid "
                + "(the writer runs in this JVM)").matches("[^~]+~[^~]+~\\d+~" + ProcessHandle.current().pid());
        JsonNode report = request.get("report");
        assertThat(report).hasSize(1);
        assertThat(report.get(0).get("channel").asText()).isEqualTo("SIM:SCALAR-F64");
        assertThat(report.get(0).get("expected_pulses").asLong()).isEqualTo(21);
        assertThat(report.get(0).get("present_pulses").asLong()).isEqualTo(21);
        assertThat(report.get(0).get("first_pulse_id").asLong()).isEqualTo(100);
        assertThat(report.get(0).get("last_pulse_id").asLong()).isEqualTo(120);
        assertThat(report.get(0).get("complete").asBoolean()).isTrue();
        assertThat(services.broker("GET", "/requests?limit=3", null).body()).contains("\"report\": null");
    }

    @Test
    void requestsWaitForWritersThenTwoWritersWriteEachExactlyOnce() throws Exception {
        services = new Services(data).startSim().startBroker();
        List<Path> files = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int run = 1; run <= 8; run++) {
            Path file = data.resolve("late/run" + run + ".h5");
            files.add(file);
            for (long id : services.acquire(file, run * 1000L, run * 1000L + 49, "SIM:SCALAR-F64", "SIM:WAVE-U16")) {
                ids.add(id);
            }
        }
        assertThat(services.broker("GET", "/requests?status=spooled", null).body()).contains("\"8 requests\"");

        services.startWriter().startWriter();

        Poll.until(Duration.ofSeconds(60), "all eight files", () -> files.stream().allMatch(Files::exists));
        Poll.until(Duration.ofSeconds(30), "every request written", () -> ids.stream().allMatch(id -> status(id)
                .equals("written")));
        long[] all = ids.stream().mapToLong(Long::longValue).toArray();
        // A sending can be repeated (JeroMQ may hold the first messages to a writer that just connected; the broker
        // then reopens the stream and sends again), but every request is written exactly once.
        assertThat(count(Outcome.Kind.SENT).keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(count(Outcome.Kind.WRITTEN)).isEqualTo(once(all));
        try (IHDF5Reader reader = HDF5Factory.openForReading(files.get(7).toFile())) {
            assertThat(reader.int64().readArray("/data/SIM:WAVE-U16/pulse_id")).hasSize(50).startsWith(8000L);
        }
    }

    @Test
    void aWriterKilledMidRequestIsReplacedAndTheFileIsWrittenWhole() throws Exception {
        services = new Services(data).startSim().startBroker("delivery.receiveTimeout", "3s",
                "delivery.heartbeatTimeout", "2s");
        Path log = data.resolve("writer-a.log");
        Process writerA = services.startWriterProcess(log, "200ms");
        Poll.until(Duration.ofSeconds(60), "writer A to connect", () -> {
            try {
                return Files.exists(log) && Files.readString(log).contains("Pulling write requests");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        Path output = data.resolve("crash/run.h5");
        long start = 5_721_000_000L;
        long stop = start + 29_999;          // 30 000 pulses x 256 floats: seconds of work for writer A
        long id = services.acquire(output, start, stop, "SIM:WAVE-F32")[0];

        try {
            Poll.until(Duration.ofSeconds(60), "writer A to be writing its temporary file", () -> temporaries(output)
                    .findAny().isPresent());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; writer A's log:\n" + Files.readString(log), e);
        }
        writerA.destroyForcibly();          // SIGKILL: no shutdown hook, no clean-up
        assertThat(writerA.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(output).doesNotExist();

        services.startWriter();

        Poll.until(Duration.ofSeconds(120), "the redelivered request to be written", () -> status(id).equals("written"));
        assertThat(output).exists();
        assertThat(temporaries(output)).as("writer B removed what dead writer A left").isEmpty();
        try (IHDF5Reader reader = HDF5Factory.openForReading(output.toFile())) {
            var wave = reader.float32().readMDArray("/data/SIM:WAVE-F32/data");
            assertThat(wave.dimensions()).containsExactly(30_000, 256);
            assertThat(wave.get(29_999, 255)).isEqualTo((float) SimulatedValues.real("float32", "SIM:WAVE-F32", stop, 255));
        }
        assertThat(count(Outcome.Kind.SENT).get(id)).as("sent to A, then again to B").isGreaterThanOrEqualTo(2L);
        assertThat(count(Outcome.Kind.WRITTEN).get(id)).isEqualTo(1L);
        assertThat(journal().stream().filter(o -> o.requestId() == id && o.kind() == Outcome.Kind.RECEIVED)
                .map(Outcome::writer).distinct()).as("two different writer processes").hasSize(2);
    }

    private static Stream<Path> temporaries(Path output) {
        try (Stream<Path> files = Files.exists(output.getParent()) ? Files.list(output.getParent()) : Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList().stream();
        } catch (java.io.IOException e) {
            return Stream.empty();
        }
    }

    @Test
    void withoutAcknowledgementsTheFramesAreTheOriginalBrokersAndNothingIsTracked() throws Exception {
        services = new Services(data).startSim();
        try (ZContext zmq = new ZContext()) {
            // Connected before the broker binds, so the connection stands before the first request: without
            // acknowledgements nothing would send again a first message JeroMQ holds for a peer that just connected.
            ZMQ.Socket originalWriter = ZmqMessages.writerSocket(zmq, services.streamAddress());
            services.startBroker("delivery.acknowledgements", "false");
            long id = services.acquire(data.resolve("noack/run.h5"), 5721143344L, 5721143416L, "CH:A")[0];

            List<byte[]> frames = Poll.value(Duration.ofSeconds(20), "the message",
                    () -> ZmqMessages.receive(originalWriter));

            assertThat(frames).hasSize(8);
            assertThat(new String(frames.get(0))).contains("\"hash\": \"c7a7e16cf27c41822fbdb311cbe44d68\"")
                    .startsWith("{\"htype\": \"bsr_m-1.1\", ");
            assertThat(frames.get(1)).isEqualTo(Fixtures.bytes("bsread/write_request_frames/frame1.bin"));
            assertThat(new String(frames.get(2))).startsWith("{\"channels\": [{\"name\": \"CH:A\", \"backend\": "
                    + "\"sf-databuffer\"}], \"range\": {\"startPulseId\": 5721143344, \"endPulseId\": 5721143416}");
            Poll.until(Duration.ofSeconds(10), "forwarded", () -> status(id).equals("forwarded"));
            assertThat(services.spool().resolve("outcomes")).doesNotExist();
            originalWriter.close();
        }

        // Our writer takes requests without ids (as from the original broker): it writes, and reports nothing.
        services.startWriter();
        Path file = data.resolve("noack/ours.h5");
        long id = services.acquire(file, 200, 219, "SIM:SCALAR-F64")[0];
        Poll.until(Duration.ofSeconds(60), "our writer to write a request without id", () -> Files.exists(file));
        try (IHDF5Reader reader = HDF5Factory.openForReading(file.toFile())) {
            assertThat(reader.int64().readArray("/data/SIM:SCALAR-F64/pulse_id")).hasSize(20);
        }
        assertThat(status(id)).isEqualTo("forwarded");
    }
}
