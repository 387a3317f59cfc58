package org.sfdw.ingest.core;

import org.sfdw.spool.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.sfdw.spool.SpoolUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The broker's state machine, as the original's: {@code stopped} → (parameters) {@code configured} →
 * (start pulse id) {@code receiving} → (stop pulse id) write requests are spooled and the state returns to
 * {@code stopped}. Every transition is serialised by a lock that a caller waits for only so long (a stop that
 * spools holds it across the append, which has its own deadline); reading the state never waits. A refused call
 * changes nothing.
 */
public final class Acquisition {

    public enum Status { stopped, configured, receiving }

    private static final Logger LOG = LoggerFactory.getLogger(Acquisition.class);

    private final RequestSpooler spooler;
    private final ChannelsFile channelsFile;
    private final ChannelLimits limits;
    private final WriteRequestFactory factory;
    private final BrokerStatistics statistics;
    private final Clock clock;

    private final ReentrantLock transitions = new ReentrantLock();
    private final Duration lockWait;

    private volatile AcquisitionParameters parameters;
    private volatile Long startPulseId;
    private Long lastStopPulseId;

    /** @param lockWait how long a call waits for another one still in progress (a stop being spooled) */
    public Acquisition(RequestSpooler spooler, ChannelsFile channelsFile, ChannelLimits limits,
                       WriteRequestFactory factory, BrokerStatistics statistics, Clock clock, Duration lockWait) {
        this.spooler = spooler;
        this.channelsFile = channelsFile;
        this.limits = limits;
        this.factory = factory;
        this.statistics = statistics;
        this.clock = clock;
        this.lockWait = lockWait;
    }

    public Status status() {
        if (parameters == null) {
            return Status.stopped;
        }
        return startPulseId == null ? Status.configured : Status.receiving;
    }

    public Optional<AcquisitionParameters> parameters() {
        return Optional.ofNullable(parameters);
    }

    public void configure(AcquisitionParameters newParameters) {
        locked("POST /parameters", () -> {
            parameters = newParameters;
            LOG.info("Parameters set: output_file {}", newParameters.outputFile());
            return null;
        });
    }

    /** GET /stop: forget the parameters and any started acquisition. */
    public void clear() {
        locked("GET /stop", () -> {
            if (startPulseId != null) {
                LOG.warn("Acquisition of {} from pulse {} dropped by /stop", describeFile(), startPulseId);
            }
            parameters = null;
            startPulseId = null;
            return null;
        });
    }

    public void start(long pulseId) {
        locked("start_pulse_id", () -> {
            startNow(pulseId);
            return null;
        });
    }

    private void startNow(long pulseId) {
        requireValid(pulseId, "start_pulse_id");
        if (startPulseId != null) {
            if (startPulseId == pulseId) {
                return;
            }
            LOG.warn("start_pulse_id {} replaces the running acquisition of {} that started at pulse {}: the run "
                    + "{}..(not stopped) is dropped and will not be written", pulseId, describeFile(), startPulseId,
                    startPulseId);
        }
        startPulseId = pulseId;
        LOG.info("Started at pulse {} for {}", pulseId, describeFile());
    }

    /**
     * Spools the write requests for pulses start..stop and returns them with their ids, once they are durable.
     * Returns an empty list when there is nothing to stop (no start), as the original ignored such calls.
     */
    public List<WriteRequest> stop(long pulseId) {
        return locked("stop_pulse_id", () -> stopNow(pulseId));
    }

    private List<WriteRequest> stopNow(long pulseId) {
        requireValid(pulseId, "stop_pulse_id");
        if (startPulseId != null && parameters == null) {
            long started = startPulseId;
            startPulseId = null;
            throw new RejectedException("stop_pulse_id " + pulseId + ": no parameters were set for the acquisition "
                    + "started at pulse " + started + ", so nothing was recorded; POST /parameters (output_file, "
                    + "general/*) before start_pulse_id, then start and stop again");
        }
        if (startPulseId == null) {
            if (lastStopPulseId == null || lastStopPulseId != pulseId) {
                LOG.warn("stop_pulse_id {} ignored: no acquisition was started", pulseId);
            }
            return List.of();
        }
        if (pulseId < startPulseId) {
            throw new RejectedException("stop_pulse_id " + pulseId + " is before start_pulse_id " + startPulseId);
        }
        List<String> channels = parameters.channels().orElseGet(channelsFile::read);
        if (channels.isEmpty()) {
            throw new RejectedException("no channels to write: " + channelsFile.describe()
                    + " lists none and the parameters have no 'channels'");
        }
        limits.check(channels, parameters.channels().isPresent() ? "'channels' in the parameters"
                : channelsFile.describe());
        Instant now = clock.instant();
        double timestamp = now.getEpochSecond() + now.getNano() / 1e9;
        List<WriteRequest> spooled = spooler.append(
                factory.build(channels, parameters.values(), startPulseId, pulseId, timestamp));
        statistics.acquisitionSpooled(spooled);
        LOG.info("Stopped at pulse {}: pulses {}..{} of {} channels for {} spooled as {}", pulseId, startPulseId,
                pulseId, channels.size(), describeFile(), spooled.stream().map(WriteRequest::id).toList());
        parameters = null;
        startPulseId = null;
        lastStopPulseId = pulseId;
        return spooled;
    }

    private <T> T locked(String call, Supplier<T> transition) {
        boolean locked;
        try {
            locked = transitions.tryLock(lockWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpoolUnavailableException(call + " interrupted while waiting for the call before it");
        }
        if (!locked) {
            throw new SpoolUnavailableException(call + " not taken: the call before it has been busy for over "
                    + lockWait.toMillis() + " ms (a stop still being spooled); nothing changed, try again");
        }
        try {
            return transition.get();
        } finally {
            transitions.unlock();
        }
    }

    private String describeFile() {
        return parameters == null ? "(no parameters)" : parameters.outputFile();
    }

    private static void requireValid(long pulseId, String what) {
        if (pulseId < 0) {
            throw new RejectedException(what + " must not be negative, got " + pulseId);
        }
    }
}
