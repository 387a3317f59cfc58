package org.sfdw.ingest.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class SupervisorTest {

    /** Exiting would end the test JVM: this records the status instead. */
    private static final class RecordedExit implements ProcessExit {
        final List<Integer> statuses = new ArrayList<>();

        @Override
        public void exitSoon() {
            statuses.add(0);
        }

        @Override
        public void fail(int status) {
            statuses.add(status);
        }
    }

    @Test
    void theFirstComponentThatFailsEndsTheProcessWithStatus70AndSaysWhy() {
        RecordedExit exit = new RecordedExit();
        AtomicReference<String> forwarder = new AtomicReference<>();
        Supervisor supervisor = new Supervisor(exit);
        supervisor.watch("spool", Optional::empty);
        supervisor.watch("forwarder", () -> Optional.ofNullable(forwarder.get()));

        supervisor.check();
        assertThat(exit.statuses).isEmpty();
        assertThat(supervisor.failure()).isEmpty();

        forwarder.set("the forwarding thread ended: java.lang.InternalError: a fault occurred in an unsafe memory access");
        supervisor.check();
        supervisor.check();

        assertThat(exit.statuses).as("once").containsExactly(Supervisor.EXIT_STATUS);
        assertThat(supervisor.failure()).contains("forwarder: the forwarding thread ended: java.lang.InternalError: a "
                + "fault occurred in an unsafe memory access");
    }

    @Test
    void aCheckThatThrowsCountsAsAFailure() {
        RecordedExit exit = new RecordedExit();
        Supervisor supervisor = new Supervisor(exit);
        supervisor.watch("outcome listener", () -> {
            throw new IllegalStateException("socket closed");
        });
        supervisor.check();
        assertThat(exit.statuses).containsExactly(70);
        assertThat(supervisor.failure().orElseThrow()).contains("outcome listener").contains("socket closed");
    }
}
