package org.sfdw.workers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sfdw.paths.OutputPathRefusedException;
import org.sfdw.paths.OutputPathRule;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.bsread.WriteRequestDelivery;
import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.query.DataApiQuery;
import org.sfdw.spool.query.PulseRange;
import org.sfdw.workers.dataapi.DataApiClient;
import org.sfdw.workers.dataapi.DataApiResponseException;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.layout.DataPolicy;
import org.sfdw.workers.layout.FileParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Carries one write request to its end: waits the retrieval delay, queries the data api (again, with backoff, while
 * failures are transient and the retry budget lasts), streams the answer into the HDF5 file, and on failure writes
 * {@code <output_file>.err} instead and leaves no partial file. An output that cannot be written (a directory that
 * cannot be made, a read-only or full disk) is transient too: it is tried again within the same budget.
 */
public final class WriteRequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(WriteRequestProcessor.class);

    /**
     * How the processor is set up; one per writer.
     *
     * @param staleTemporaryAge age after which a temporary file of a writer on another host or in another PID
     *                          namespace is taken for abandoned
     * @param outputPaths       where output files may be written, checked before the file is made and before it
     *                          is renamed into place
     * @param overwrite         what happens to a file already at the target
     */
    public record Settings(Duration retrievalDelay, DataPolicy defaults, RetryPolicy retry,
                           boolean pulseIdToTimeMapping, ResponseFormat responseFormat, Duration staleTemporaryAge,
                           OutputPathRule outputPaths, Overwrite overwrite) {

        /** The default stale age: two hours, well past the data api's timeouts and the retry budget. */
        public static final Duration STALE_TEMPORARY_AGE = Duration.ofHours(2);

        /** Output anywhere (the original's rule), another request's file kept. */
        public Settings(Duration retrievalDelay, DataPolicy defaults, RetryPolicy retry, boolean pulseIdToTimeMapping,
                        ResponseFormat responseFormat) {
            this(retrievalDelay, defaults, retry, pulseIdToTimeMapping, responseFormat, STALE_TEMPORARY_AGE,
                    new OutputPathRule(List.of(Path.of("/")), List.of()), Overwrite.SAME_REQUEST);
        }

        public Settings withOutput(OutputPathRule paths, Overwrite overwriting) {
            return new Settings(retrievalDelay, defaults, retry, pulseIdToTimeMapping, responseFormat,
                    staleTemporaryAge, paths, overwriting);
        }
    }

    private final DataApiClient dataApi;
    private final DataFileWriter fileWriter;
    private final ErrFileWriter errFiles;
    private final ObjectMapper mapper;
    private final Settings settings;
    private final WriterMetrics metrics;
    private final Clock clock;
    private final FileMarks marks = new FileMarks();
    private final ExistingFileRule existingFiles;
    private final WriterIdentity identity = WriterIdentity.ofThisProcess();

    public WriteRequestProcessor(DataApiClient dataApi, DataFileWriter fileWriter, ErrFileWriter errFiles,
                                 ObjectMapper mapper, Settings settings, WriterMetrics metrics, Clock clock) {
        this.dataApi = dataApi;
        this.fileWriter = fileWriter;
        this.errFiles = errFiles;
        this.mapper = mapper;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.existingFiles = new ExistingFileRule(settings.overwrite(), marks);
    }

    /** A request from a sender that does not count its sendings ({@code sfdw write}, the original broker). */
    public WriteResult process(WriteRequest request) throws InterruptedException {
        return process(new WriteRequestDelivery(request, WriteRequestDelivery.UNKNOWN));
    }

    public WriteResult process(WriteRequestDelivery delivery) throws InterruptedException {
        WriteRequest request = delivery.request();
        FileParameters parameters;
        try {
            parameters = FileParameters.parse(request.parameters(), mapper);
        } catch (IllegalArgumentException e) {
            Optional<Path> named = FileParameters.outputFileOf(request.parameters(), mapper);
            return fail(request, named.filter(this::allowed), "bad parameters: " + e.getMessage());
        }
        if (parameters.isDevNull()) {
            LOG.info("{}: output_file is /dev/null, skipped", request.label());
            return WriteResult.skipped(parameters.outputFile());
        }
        Path target;
        try {
            target = settings.outputPaths().check(parameters.outputFile().toString());
        } catch (OutputPathRefusedException e) {
            // Its .err would land where the file may not go: the broker keeps the request instead.
            return fail(request, Optional.empty(), "refused by this writer: " + e.getMessage());
        }
        ExistingFileRule.Verdict verdict = existingFiles.judge(delivery, target, false);
        if (verdict.action() == ExistingFileRule.Action.STAND_DOWN) {
            return standDown(request, target, verdict.why());
        }
        if (verdict.action() == ExistingFileRule.Action.REFUSE) {
            return fail(request, Optional.of(target), verdict.why());
        }
        JsonNode query;
        try {
            query = mapper.readTree(request.dataApiRequest());
        } catch (IOException e) {
            return fail(request, Optional.of(target), "data_api_request is not valid JSON: " + e.getMessage());
        }
        parameters.layoutNote().ifPresent(note -> LOG.warn("{}: {}", request.label(), note));
        waitForRetrievalDelay(request);
        metrics.current(request.hasId() ? request.id() : 0);
        try {
            return writeWithRetries(delivery, parameters.outputFile().toString(), parameters.at(target), query);
        } finally {
            metrics.current(-1);
        }
    }

    private boolean allowed(Path outputFile) {
        try {
            settings.outputPaths().check(outputFile.toString());
            return true;
        } catch (OutputPathRefusedException e) {
            return false;
        }
    }

    private WriteResult standDown(WriteRequest request, Path target, String why) {
        LOG.info("{}: stood down for {}: {}; no .err written", request.label(), target, why);
        return WriteResult.superseded(target, why);
    }

    /**
     * Makes the target's directory and clears what crashed writers left there.
     *
     * @throws OutputFileException when the directory cannot be made (read-only, full, a file in the way)
     */
    private void prepareDirectory(Path target) {
        try {
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new OutputFileException("cannot create the directory of " + target + ": " + e, e);
        }
        TemporaryFiles.removeAbandoned(target, settings.staleTemporaryAge());
    }

    /**
     * @param asked      {@code output_file} as the request gave it, checked again before the rename
     * @param parameters the request's parameters at the checked real path
     */
    private WriteResult writeWithRetries(WriteRequestDelivery delivery, String asked, FileParameters parameters,
                                         JsonNode query) throws InterruptedException {
        WriteRequest request = delivery.request();
        Path target = parameters.outputFile();
        OutputPlacement placement = new OutputPlacement(settings.outputPaths(), existingFiles, marks, delivery,
                identity, asked);
        Optional<PulseRange> range = PulseRange.of(query);
        DataPolicy policy = parameters.policy(settings.defaults());
        String tag = TemporaryFiles.tagOf(request);
        List<String> requested = new java.util.ArrayList<>();
        query.path("channels").forEach(c -> requested.add(DataApiQuery.Channel.of(c).name()));
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            long bytesBefore = dataApi.bytesRead();
            long attemptStarted = System.nanoTime();
            Duration finishing = Duration.ZERO;
            try {
                prepareDirectory(target);
                String queryJson = queryFor(request.dataApiRequest(), query, range);
                LOG.info("{}: querying {} for {} (attempt {})", request.label(), dataApi.queryUrl(), target, attempt);
                DataFileWriter.Written written = dataApi.query(queryJson,
                        body -> fileWriter.write(parameters, policy, range, body, tag, requested, placement));
                finishing = written.finishing();
                metrics.write.update(finishing);
                logWritten(request, written, parameters, started);
                removeLeftOverErr(request, written.file());
                return WriteResult.written(written.file(), written.reports(), parameters.layoutNote().orElse(null));
            } catch (SupersededException e) {
                return standDown(request, target, e.getMessage());
            } catch (OutputPathRefusedException e) {
                return fail(request, Optional.empty(), "refused by this writer: " + e.getMessage());
            } catch (IOException | OutputFileException e) {
                // The output's disk may be full, read-only or away for a while; the data stays in the buffer.
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                Optional<Duration> delay = settings.retry().nextDelay(attempt, elapsed);
                String why = e instanceof OutputFileException ? "output: " + message(e)
                        : transientReason((IOException) e);
                if (delay.isEmpty()) {
                    return failUnlessSuperseded(delivery, target, String.format(java.util.Locale.ROOT,
                            "transient failure, gave up after %d attempt(s) in %.1f s (retry budget %.1f s); last: %s",
                            attempt, elapsed.toMillis() / 1000.0, settings.retry().budget().toMillis() / 1000.0, why));
                }
                metrics.retries.inc();
                LOG.warn("{}: attempt {} for {} failed (transient: {}); asking again in {} ms", request.label(),
                        attempt, target, why, delay.get().toMillis());
                Thread.sleep(delay.get().toMillis());
            } catch (RuntimeException e) {
                return failUnlessSuperseded(delivery, target, "permanent failure (not retried): " + message(e));
            } finally {
                metrics.download.update(Duration.ofNanos(System.nanoTime() - attemptStarted).minus(finishing));
                metrics.downloadedBytes.inc(dataApi.bytesRead() - bytesBefore);
            }
        }
    }

    /**
     * The request's query as it came, or adjusted: with the mapping switch on, over the pulses' time range (§5);
     * with another response format than JSON, asking for it.
     */
    private String queryFor(String asReceived, JsonNode query, Optional<PulseRange> range)
            throws IOException, InterruptedException {
        boolean json = settings.responseFormat() == ResponseFormat.JSON;
        if (!settings.pulseIdToTimeMapping() && json) {
            return asReceived;
        }
        ObjectNode adjusted = query.deepCopy();
        if (settings.pulseIdToTimeMapping()) {
            if (range.isEmpty()) {
                throw new DataApiResponseException("pulse id to time mapping is on, but the query has no pulse-id "
                        + "range");
            }
            String[] seconds = dataApi.pulseRangeToSeconds(range.get());
            // The mapped end is the start of the pulse after the last one: exclude it, so the file holds exactly the
            // requested pulses.
            adjusted.putObject("range").put("startSeconds", seconds[0]).put("endSeconds", seconds[1])
                    .put("endInclusive", false);
        }
        if (!json) {
            JsonNode response = adjusted.get("response");
            ObjectNode format = response instanceof ObjectNode object ? object : adjusted.putObject("response");
            format.put("format", settings.responseFormat().queryName());
        }
        return mapper.writeValueAsString(adjusted);
    }

    private static String transientReason(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "cannot connect to the data api: " + message(e);
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timeout: " + message(e);
        }
        return message(e);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void logWritten(WriteRequest request, DataFileWriter.Written written, FileParameters parameters,
                            long started) {
        long bytes;
        try {
            bytes = Files.size(written.file());
        } catch (IOException e) {
            bytes = -1;
        }
        long incomplete = written.reports().stream().filter(r -> !r.complete()).count();
        LOG.info("{}: wrote {} ({} channels, {} layout, {} bytes) in {} ms, {} ms of it after the answer ended; {}",
                request.label(), written.file(), written.reports().size(),
                parameters.layout().name().toLowerCase(java.util.Locale.ROOT), bytes,
                (System.nanoTime() - started) / 1_000_000, written.finishing().toMillis(),
                incomplete == 0 ? "all channels complete" : incomplete + " incomplete: "
                        + written.reports().stream().filter(r -> !r.complete()).map(ChannelReport::describe)
                        .collect(Collectors.joining("; ")));
        if (!written.channelsWithoutConfig().isEmpty()) {
            LOG.warn("{}: channels {} are not in the data buffer and are not in {}", request.label(),
                    written.channelsWithoutConfig(), written.file());
        }
        List<String> absent = written.reports().stream().filter(ChannelReport::absent).map(ChannelReport::channel)
                .toList();
        if (!absent.isEmpty()) {
            LOG.warn("{}: channels {} were asked for but are missing from the data api's answer: not in {}, reported "
                    + "absent", request.label(), absent, written.file());
        }
    }

    private void removeLeftOverErr(WriteRequest request, Path written) {
        try {
            if (errFiles.removeLeftOver(written)) {
                LOG.info("{}: removed {} left by an earlier failed attempt: {} is now written", request.label(),
                        ErrFileWriter.errFileFor(written), written);
            }
        } catch (IOException e) {
            LOG.warn("{}: {} is written, but the .err of an earlier failed attempt could not be removed: {}",
                    request.label(), written, e.toString());
        }
    }

    /** As the original: wait until {@code delay} has passed since the request was made, never longer than delay. */
    private void waitForRetrievalDelay(WriteRequest request) throws InterruptedException {
        long now = clock.millis();
        Duration wait = new RetrievalDelay(settings.retrievalDelay()).before(request.timestamp(), now);
        if (!(request.timestamp() * 1000.0 <= now + 60_000)) {
            LOG.warn("{}: its timestamp {} is not a time up to now (clock skew between broker and writer?); "
                    + "waiting the whole retrieval delay", request.label(), request.timestamp());
        }
        if (!wait.isZero()) {
            LOG.info("{}: waiting {} s retrieval delay so the data buffer has the data", request.label(),
                    String.format("%.1f", wait.toMillis() / 1000.0));
            Thread.sleep(wait.toMillis());
        }
    }

    /**
     * A failure of a sending that a later one overtook does not matter: that one's file stands, and an {@code .err}
     * beside it would ask for a re-run of a request that is written.
     */
    private WriteResult failUnlessSuperseded(WriteRequestDelivery delivery, Path target, String why) {
        Optional<FileMark> found = marks.read(target);
        if (found.isPresent() && found.get().overtakes(delivery)) {
            return standDown(delivery.request(), target, "it failed (" + why + "), but a later sending of the same "
                    + "request wrote the file: " + found.get().describe());
        }
        return fail(delivery.request(), Optional.of(target), why);
    }

    /** @param target the output file to write the .err beside; empty when there is none it may go beside */
    private WriteResult fail(WriteRequest request, Optional<Path> target, String why) {
        if (target.isEmpty()) {
            LOG.error("{} failed and no .err file can be written beside its output_file: {}", request.label(), why);
            return WriteResult.failed(null, null, why);
        }
        try {
            Path err = errFiles.write(target.get(), request);
            LOG.error("{} failed for {}: {}. The request is in {} (re-run: sfdw submit {})", request.label(),
                    target.get(), why, err, err);
            return WriteResult.failed(target.get(), err, why);
        } catch (IOException e) {
            LOG.error("{} failed for {}: {}; and its .err file could not be written either: {}", request.label(),
                    target.get(), why, e.toString());
            return WriteResult.failed(target.get(), null, why + "; the .err file could not be written: " + e);
        }
    }
}
