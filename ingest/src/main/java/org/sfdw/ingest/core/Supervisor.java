package org.sfdw.ingest.core;

import io.dropwizard.lifecycle.Managed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches the broker's own threads (spool appender, outcome journal, forwarder, outcome listener, redelivery): the
 * first that reports a failure it cannot recover from is logged with its cause, fails the health check, and ends
 * the process with a non-zero status, so that systemd starts a fresh broker. Nothing is lost by that: everything
 * acknowledged is in the spool, and the new broker resumes from it.
 */
public final class Supervisor implements Managed {

    /** The exit status of a broker ended by a failed component (EX_SOFTWARE). */
    public static final int EXIT_STATUS = 70;

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** A watched component: its failure, or empty while it is well. */
    private record Watched(String name, Supplier<Optional<String>> failure) {
    }

    private final List<Watched> watched = new ArrayList<>();
    private final ProcessExit exit;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "supervisor");
        t.setDaemon(true);
        return t;
    });
    private volatile String failure;
    private volatile boolean stopping;

    public Supervisor(ProcessExit exit) {
        this.exit = exit;
    }

    /** @param failure says what is wrong with the component, empty while it is well */
    public void watch(String name, Supplier<Optional<String>> failure) {
        watched.add(new Watched(name, failure));
    }

    /** Why the broker is ending, empty while every component is well. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** One look at every component; the first failure ends the process. */
    public void check() {
        if (stopping || failure != null) {
            return;
        }
        for (Watched w : watched) {
            Optional<String> wrong;
            try {
                wrong = w.failure().get();
            } catch (RuntimeException e) {
                wrong = Optional.of("its check failed: " + e);
            }
            if (wrong.isPresent()) {
                failure = w.name() + ": " + wrong.get();
                LOG.error("Broker component failed, {}; the broker exits with status {} so that systemd restarts it "
                        + "(everything acknowledged is in the spool and resumes)", failure, EXIT_STATUS);
                exit.fail(EXIT_STATUS);
                return;
            }
        }
    }

    @Override
    public void start() {
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        stopping = true;
        timer.shutdownNow();
    }
}
