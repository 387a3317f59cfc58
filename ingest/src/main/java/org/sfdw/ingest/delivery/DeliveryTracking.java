package org.sfdw.ingest.delivery;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.lifecycle.Managed;
import org.sfdw.ingest.health.WritersHealthCheck;
import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolUnavailableException;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.forward.DeliveryListener;
import org.sfdw.spool.forward.Forwarder;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything the broker keeps about delivery with acknowledgements on, as one component: the outcome journal and
 * the status index beside it, the ledger of requests in flight, the outcome listener, the writer roster and the
 * redelivery monitor. A start reads the last checkpoint and the journal written after it, not the whole history;
 * every {@link Settings#checkpointInterval} a new checkpoint is written, and one when the broker stops.
 */
public final class DeliveryTracking implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryTracking.class);
    static final String INDEX_DIRECTORY = "index";

    /**
     * @param outcomeAddress     where writers push their outcomes
     * @param receiveTimeout     how long after sending a writer has to say it received a request
     * @param heartbeatTimeout   how long a writer working on a request may stay silent
     * @param maxAttempts        sendings before a request is marked failed
     * @param checkpointInterval how often the status index is synced and a checkpoint written
     */
    public record Settings(String outcomeAddress, Duration receiveTimeout, Duration heartbeatTimeout, int maxAttempts,
                           Duration checkpointInterval) {
    }

    private final OutcomeJournal journal;
    private final StatusIndex index;
    private final DeliveryLedger ledger;
    private final OutcomeRecorder recorder;
    private final Forwarder forwarder;
    private final WriterRoster roster;
    private final OutcomeListener listener;
    private final RedeliveryMonitor monitor;
    private final Settings settings;
    private final Clock clock;
    private final ScheduledExecutorService checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "delivery-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastCheckpointMillis;

    /**
     * Opens the journal and the index of {@code spool} (building the index from the journal when there is no
     * usable checkpoint) and the forwarder that reports its sendings here, whose start and stop are this
     * component's; nothing runs before {@link #start}.
     *
     * @param forwarderFor builds the forwarder, given what it tells of each sending
     */
    public static DeliveryTracking open(Spool spool, Spool.Settings storage, Settings settings, OutcomeCodec codec,
                                        ZContext zmq, MetricRegistry metrics, Clock clock,
                                        Function<DeliveryListener, Forwarder> forwarderFor) {
        OutcomeJournal journal = OutcomeJournal.open(OutcomeJournal.directoryOf(spool.directory()), storage, codec);
        try {
            return new DeliveryTracking(journal, spool, settings, codec, zmq, metrics, clock, forwarderFor);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    private DeliveryTracking(OutcomeJournal journal, Spool spool, Settings settings, OutcomeCodec codec, ZContext zmq,
                             MetricRegistry metrics, Clock clock, Function<DeliveryListener, Forwarder> forwarderFor) {
        this.journal = journal;
        this.settings = settings;
        this.clock = clock;
        this.index = StatusIndex.open(journal.directory().resolve(INDEX_DIRECTORY));
        this.ledger = new DeliveryLedger(index, settings.receiveTimeout(), settings.heartbeatTimeout());
        new LedgerStart(journal, index, ledger).run();
        ledger.restartTimers(clock.millis());
        if (ledger.inFlight() > 0) {
            LOG.info("{} requests were on their way when the broker stopped; writers have {} to report on them",
                    ledger.inFlight(), settings.receiveTimeout());
        }
        this.recorder = new OutcomeRecorder(journal, ledger, clock::millis, metrics);
        this.forwarder = forwarderFor.apply(new DeliveryListener() {
            @Override
            public void sent(WriteRequest request) {
                recorder.record(Outcome.of(request.id(), Outcome.Kind.SENT, "broker", clock.millis()));
            }

            @Override
            public int nextDelivery(long requestId) {
                return ledger.attemptsOf(requestId) + 1;
            }
        });
        this.roster = new WriterRoster(settings.heartbeatTimeout());
        this.listener = new OutcomeListener(zmq, settings.outcomeAddress(), codec, recorder, roster, spool::lastId,
                id -> readOrEmpty(spool, id), new UndeliverableList(spool.directory(), clock), metrics, clock);
        this.monitor = new RedeliveryMonitor(ledger, forwarder, recorder, spool, roster, settings.maxAttempts(), clock);
        metrics.register("sfdw.broker.writers.connected", (Gauge<Integer>) () -> roster.connected(clock.millis()).size());
        metrics.gauge("sfdw.broker.requests.in_flight", () -> ledger::inFlight);
        metrics.gauge("sfdw.broker.delivery.checkpoint_age_seconds",
                () -> () -> lastCheckpointMillis == 0 ? -1.0 : (clock.millis() - lastCheckpointMillis) / 1000.0);
    }

    public Forwarder forwarder() {
        return forwarder;
    }

    /** What the broker knows of each request's delivery, for {@code GET /requests}. */
    public RequestStatuses statuses() {
        return new DeliveryStatuses(ledger, journal, forwarder);
    }

    /** The health checks this component answers for, by name. */
    public Map<String, HealthCheck> healthChecks() {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("writers", new WritersHealthCheck(roster, clock, monitor::silentWritersSuspected));
        checks.put("outcomes", new HealthCheck() {
            @Override
            protected Result check() {
                return listener.isRunning() ? Result.healthy(ledger.inFlight() + " requests on their way to a file")
                        : Result.unhealthy("the outcome listener on " + settings.outcomeAddress()
                        + " is not running: writers' results are not recorded");
            }
        });
        return checks;
    }

    /** Its threads, each with what is wrong with it (empty while well), for the broker's supervisor. */
    public Map<String, Supplier<Optional<String>>> watched() {
        Map<String, Supplier<Optional<String>>> watched = new LinkedHashMap<>();
        watched.put("outcome journal", () -> journal.fault().map(f -> "appends stopped by " + f));
        watched.put("forwarder", forwarder::failure);
        watched.put("outcome listener", listener::failure);
        watched.put("redelivery monitor", monitor::failure);
        return watched;
    }

    /**
     * Drops what concerns only requests that left the spool ({@code firstHeldId} is the oldest it still holds):
     * journal days spooled before {@code cutoffMillis} that mention no request from {@code firstHeldId} on, and the
     * status index's segments below it.
     */
    public void dropBefore(long cutoffMillis, long firstHeldId) {
        int days = journal.deleteDaysBefore(cutoffMillis, firstHeldId);
        int segments = index.dropBelow(firstHeldId);
        if (days > 0 || segments > 0) {
            LOG.info("Retention removed {} daily outcome journal files and {} status index segments, all about "
                    + "requests below {}", days, segments, firstHeldId);
        }
    }

    /** Seals the journal's closed daily files (see {@link org.sfdw.spool.store.FileSeal}). */
    public void sealClosedFiles() {
        journal.sealClosedFiles();
    }

    /** Starts listening for outcomes, then forwarding, then watching requests in flight. */
    @Override
    public void start() {
        listener.start();
        forwarder.start();
        monitor.start();
        long every = settings.checkpointInterval().toMillis();
        checkpoints.scheduleWithFixedDelay(this::checkpoint, every, every, TimeUnit.MILLISECONDS);
    }

    /** Syncs the index and writes a checkpoint, unless the journal cannot take outcomes just now. */
    void checkpoint() {
        try {
            if (recorder.checkpoint(index, index.directory())) {
                lastCheckpointMillis = clock.millis();
            }
        } catch (RuntimeException e) {
            LOG.error("Writing the delivery checkpoint in {} failed ({}); the next start reads more of the outcome "
                    + "journal, nothing is lost", index.directory(), e.toString());
        }
    }

    /** Stops watching, listening and forwarding, then writes the last checkpoint and closes the journal. */
    @Override
    public void stop() {
        checkpoints.shutdownNow();
        monitor.close();
        listener.close();
        forwarder.close();
        checkpoint();
        index.close();
        journal.close();
    }

    private static Optional<WriteRequest> readOrEmpty(Spool spool, long id) {
        try {
            return spool.read(id);
        } catch (SpoolUnavailableException e) {
            return Optional.empty();
        }
    }
}
