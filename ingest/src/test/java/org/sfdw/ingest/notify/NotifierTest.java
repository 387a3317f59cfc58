package org.sfdw.ingest.notify;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.ingest.core.OutputPathPolicy;
import org.sfdw.ingest.core.WriteRequestFactory;
import org.sfdw.ingest.delivery.ForwarderStatuses;
import org.sfdw.ingest.health.NotificationsHealthCheck;
import org.sfdw.ingest.tasks.NotificationsResendTask;
import org.sfdw.spool.Durability;
import org.sfdw.spool.Spool;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.json.PythonJson;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.Poll;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EPICS writer's notifier on a real spool, telling a real HTTP server on loopback: once per stop and in order,
 * across a target that is down, one that answers 503 until the budget ends (failed, visible, sent again by the
 * task), a restart, and audit-trail-only mode.
 */
class NotifierTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final PythonJson json = new PythonJson(MAPPER);
    private final EpicsWriterNotice notice = new EpicsWriterNotice(json);
    private final List<AutoCloseable> open = new ArrayList<>();
    private Spool spool;
    private long pulse = 1_000_000;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Spool spool() {
        if (spool == null) {
            spool = Spool.open(dir.resolve("spool"), Durability.SYNC);
            open.add(spool);
        }
        return spool;
    }

    /** Spools one stop of a non-camera and a camera channel: two requests, the first of them due. */
    private List<WriteRequest> stop(String file) {
        ObjectNode parameters = (ObjectNode) json.parse("{\"general/created\": \"c\", \"general/user\": \"u\", "
                + "\"general/process\": \"p\", \"general/instrument\": \"i\", \"output_file\": \"" + dir.resolve(file)
                + "\"}");
        List<WriteRequest> requests = new WriteRequestFactory(json, true, new OutputPathPolicy(List.of(dir)))
                .build(List.of("SAR:CH1", "SAR:CAM1:FPICTURE"), parameters, pulse, pulse + 99, pulse / 100.0);
        pulse += 100;
        return spool().appendAll(requests);
    }

    private Notifier notifier(URI url, RetrySchedule schedule, boolean auditTrailOnly) {
        return notifier(url, schedule, auditTrailOnly, Duration.ofSeconds(2));
    }

    private Notifier notifier(URI url, RetrySchedule schedule, boolean auditTrailOnly, Duration timeout) {
        NotificationJournal journal = NotificationJournal.open(dir.resolve("spool/notifications/epics_writer.jsonl"),
                "epics_writer", MAPPER, spool().firstId(), spool().lastId() + 1);
        Notifier notifier = new Notifier(new NotificationTarget(NotificationTarget.EPICS_WRITER, url,
                java.util.Set.of(NotificationTarget.Event.SPOOLED), NotificationTarget.Form.EPICS_WRITER), spool(),
                notice, new ForwarderStatuses(java.util.Optional.empty()), new NotificationSender(timeout),
                schedule, journal, auditTrailOnly, Clock.systemUTC(), new MetricRegistry());
        notifier.start();
        open.add(notifier::stop);
        return notifier;
    }

    private static RetrySchedule quick(Duration budget) {
        return new RetrySchedule(Duration.ofMillis(20), Duration.ofMillis(100), budget);
    }

    private String state(Notifier notifier, WriteRequest request) {
        return notifier.state(request).map(NotificationState::state).orElse("none");
    }

    private RecordingEpicsWriter epicsWriter(int port) throws Exception {
        RecordingEpicsWriter writer = new RecordingEpicsWriter(port);
        open.add(writer);
        return writer;
    }

    @Test
    void eachStopIsToldOnceWithTheOriginalsBodyAndCamerasAreNot() throws Exception {
        stop("before.h5");   // spooled before the notifier ever ran: not its to tell
        RecordingEpicsWriter writer = epicsWriter(0);
        Notifier notifier = notifier(writer.url(), quick(Duration.ofSeconds(10)), false);
        List<WriteRequest> first = stop("run1.h5");
        List<WriteRequest> second = stop("run2.h5");

        Poll.until(DEADLINE, "both stops told", () -> writer.calls().size() == 2
                && state(notifier, second.get(0)).equals(NotificationState.DELIVERED));

        assertThat(writer.calls()).extracting(RecordingEpicsWriter.Call::method).containsOnly("PUT");
        assertThat(writer.calls()).extracting(RecordingEpicsWriter.Call::path).containsOnly("/notify");
        assertThat(writer.calls()).extracting(RecordingEpicsWriter.Call::contentType)
                .containsOnly("application/json");
        assertThat(writer.calls().get(0).body()).isEqualTo(notice.body(first.get(0)).orElseThrow());
        assertThat(writer.calls().get(1).body()).isEqualTo(notice.body(second.get(0)).orElseThrow());
        assertThat(state(notifier, first.get(0))).isEqualTo(NotificationState.DELIVERED);
        assertThat(state(notifier, first.get(1))).as("a camera's request").isEqualTo("none");
        assertThat(notifier.state(spool().read(1).orElseThrow())).as("spooled before").isEmpty();
    }

    @Test
    void aTargetThatIsDownGetsEveryNotificationInOrderOnceItIsUp() throws Exception {
        int port = FreePort.pick();
        Notifier notifier = notifier(URI.create("http://127.0.0.1:" + port + "/notify"),
                quick(Duration.ofMinutes(5)), false);
        List<WriteRequest> first = stop("run1.h5");
        List<WriteRequest> second = stop("run2.h5");
        List<WriteRequest> third = stop("run3.h5");

        NotificationState retried = Poll.value(DEADLINE, "the first retried", () -> notifier.state(first.get(0))
                .filter(s -> s.attempts() >= 2));
        assertThat(retried.state()).isEqualTo(NotificationState.PENDING);
        assertThat(retried.lastError()).contains("cannot reach");
        assertThat(state(notifier, third.get(0))).isEqualTo(NotificationState.PENDING);

        RecordingEpicsWriter writer = epicsWriter(port);
        Poll.until(DEADLINE, "all three told", () -> writer.calls().size() == 3);

        assertThat(writer.calls()).extracting(c -> new String(c.body())).containsExactly(
                new String(notice.body(first.get(0)).orElseThrow()), new String(notice.body(second.get(0)).orElseThrow()),
                new String(notice.body(third.get(0)).orElseThrow()));
        Poll.until(DEADLINE, "journalled", () -> state(notifier, third.get(0)).equals(NotificationState.DELIVERED));
        assertThat(notifier.state(first.get(0)).orElseThrow().attempts()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void fiveHundredsUntilTheBudgetEndsFailVisiblyAndTheTaskSendsThemAgain() throws Exception {
        RecordingEpicsWriter writer = epicsWriter(0);
        writer.answer(503);
        Notifier notifier = notifier(writer.url(), quick(Duration.ofMillis(300)), false);
        NotificationsHealthCheck health = new NotificationsHealthCheck(List.of(notifier), Duration.ofMinutes(1));
        List<WriteRequest> first = stop("run1.h5");
        List<WriteRequest> second = stop("run2.h5");

        Poll.until(DEADLINE, "both failed", () -> state(notifier, second.get(0)).equals(NotificationState.FAILED));
        NotificationState failed = notifier.state(first.get(0)).orElseThrow();
        assertThat(failed.state()).isEqualTo(NotificationState.FAILED);
        assertThat(failed.lastError()).isEqualTo("HTTP 503 busy");
        assertThat(failed.attempts()).isGreaterThan(1);
        assertThat(health.execute().isHealthy()).isFalse();
        assertThat(health.execute().getMessage()).contains("2 epics_writer notification(s) failed");
        assertThat(writer.calls()).isEmpty();

        writer.answer(200);
        StringWriter answer = new StringWriter();
        new NotificationsResendTask(spool(), List.of(notifier), ZoneId.of("Europe/Zurich")).execute(
                Map.of("from", List.of(Long.toString(first.get(0).id())), "to", List.of(Long.toString(second.get(1)
                        .id()))), new PrintWriter(answer, true));

        assertThat(answer.toString()).isEqualTo("sending 2 epics_writer notification(s) again:\n" + first.get(0).id()
                + "\n" + second.get(0).id() + "\n");
        Poll.until(DEADLINE, "both sent again", () -> state(notifier, second.get(0))
                .equals(NotificationState.DELIVERED));
        assertThat(writer.calls()).hasSize(2);
        assertThat(state(notifier, first.get(0))).isEqualTo(NotificationState.DELIVERED);
        assertThat(notifier.state(first.get(0)).orElseThrow().attempts()).isEqualTo(failed.attempts() + 1);
        assertThat(health.execute().isHealthy()).isTrue();
    }

    @Test
    void aRefusalIsNotRetried() throws Exception {
        RecordingEpicsWriter writer = epicsWriter(0);
        writer.answer(400);
        Notifier notifier = notifier(writer.url(), quick(Duration.ofMinutes(5)), false);
        List<WriteRequest> first = stop("run1.h5");

        NotificationState refused = Poll.value(DEADLINE, "refused", () -> notifier.state(first.get(0))
                .filter(s -> s.state().equals(NotificationState.REFUSED)));
        assertThat(refused.attempts()).isEqualTo(1);
        assertThat(refused.lastError()).startsWith("HTTP 400");
    }

    @Test
    void aRestartGoesOnWhereTheLastNotifierStoppedAndTellsNothingTwice() throws Exception {
        RecordingEpicsWriter writer = epicsWriter(0);
        Notifier first = notifier(writer.url(), quick(Duration.ofSeconds(10)), false);
        List<WriteRequest> told = stop("run1.h5");
        Poll.until(DEADLINE, "the first told", () -> state(first, told.get(0)).equals(NotificationState.DELIVERED));
        first.stop();
        open.remove(open.size() - 1);
        List<WriteRequest> whileDown = stop("run2.h5");

        Notifier second = notifier(writer.url(), quick(Duration.ofSeconds(10)), false);
        Poll.until(DEADLINE, "the second told", () -> state(second, whileDown.get(0))
                .equals(NotificationState.DELIVERED));

        assertThat(writer.calls()).extracting(c -> new String(c.body())).containsExactly(
                new String(notice.body(told.get(0)).orElseThrow()),
                new String(notice.body(whileDown.get(0)).orElseThrow()));
        assertThat(state(second, told.get(0))).isEqualTo(NotificationState.DELIVERED);
    }

    @Test
    void auditTrailOnlyModeSendsNothingAndSaysSo() throws Exception {
        RecordingEpicsWriter writer = epicsWriter(0);
        Notifier notifier = notifier(writer.url(), quick(Duration.ofSeconds(10)), true);
        List<WriteRequest> first = stop("run1.h5");

        NotificationState skipped = Poll.value(DEADLINE, "skipped", () -> notifier.state(first.get(0))
                .filter(s -> s.state().equals(NotificationState.SKIPPED)));
        assertThat(skipped.lastError()).contains("audit-trail-only");
        assertThat(writer.calls()).isEmpty();
    }

    @Test
    void aSlowTargetTimesOutAndIsTriedAgainWithoutHoldingUpTheSpool() throws Exception {
        RecordingEpicsWriter writer = epicsWriter(0);
        writer.answerAfter(Duration.ofSeconds(2));
        Notifier notifier = notifier(writer.url(), quick(Duration.ofMinutes(5)), false, Duration.ofMillis(200));
        List<WriteRequest> first = stop("run1.h5");

        NotificationState retried = Poll.value(DEADLINE, "timed out twice", () -> notifier.state(first.get(0))
                .filter(s -> s.attempts() >= 2));
        assertThat(retried.lastError()).isEqualTo("no answer within 200 ms");
        List<WriteRequest> second = stop("run2.h5");
        assertThat(second.get(0).id()).as("stops go on being spooled meanwhile").isGreaterThan(first.get(1).id());

        writer.answerAfter(Duration.ZERO);
        Poll.until(DEADLINE, "both told once it is quick again", () -> state(notifier, second.get(0))
                .equals(NotificationState.DELIVERED));
        assertThat(writer.calls()).hasSize(2);
    }
}
