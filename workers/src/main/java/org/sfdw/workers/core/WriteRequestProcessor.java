package org.sfdw.workers.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.spool.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Carries one write request to its end: waits the retrieval delay, queries the data api, writes the HDF5 file under
 * a temporary name in the target directory and renames it when complete. On any failure it leaves no partial file
 * and writes {@code <output_file>.err} instead.
 */
public final class WriteRequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(WriteRequestProcessor.class);

    private final DataApiClient dataApi;
    private final DataApiResponseReader responseReader;
    private final H5FileWriter h5Writer;
    private final ErrFileWriter errFiles;
    private final ObjectMapper mapper;
    private final Duration retrievalDelay;
    private final Clock clock;

    public WriteRequestProcessor(DataApiClient dataApi, DataApiResponseReader responseReader, H5FileWriter h5Writer,
                                 ErrFileWriter errFiles, ObjectMapper mapper, Duration retrievalDelay, Clock clock) {
        this.dataApi = dataApi;
        this.responseReader = responseReader;
        this.h5Writer = h5Writer;
        this.errFiles = errFiles;
        this.mapper = mapper;
        this.retrievalDelay = retrievalDelay;
        this.clock = clock;
    }

    public WriteResult process(WriteRequest request) throws InterruptedException {
        FileParameters parameters;
        try {
            parameters = FileParameters.parse(request.parameters(), mapper);
        } catch (IllegalArgumentException e) {
            return fail(request, FileParameters.outputFileOf(request.parameters(), mapper), e);
        }
        if (parameters.isDevNull()) {
            LOG.info("{}: output_file is /dev/null, skipped", request.label());
            return WriteResult.skipped(parameters.outputFile());
        }
        Path target = parameters.outputFile();
        waitForRetrievalDelay(request);
        Path temporary = null;
        try {
            long started = System.nanoTime();
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            TemporaryFiles.removeAbandoned(target);
            temporary = TemporaryFiles.forTarget(target, request);
            H5FileWriter.Summary summary;
            try (H5FileWriter.Output output = h5Writer.create(temporary, parameters.general())) {
                LOG.info("{}: querying {} for {}", request.label(), dataApi.queryUrl(), target);
                List<ChannelData> channels = dataApi.query(request.dataApiRequest(), responseReader::read);
                summary = output.writeChannels(channels, parameters.layout());
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("{}: wrote {} ({} channels, {} pulses, {} layout, {} bytes) in {} ms", request.label(), target,
                    summary.channels(), summary.rows(), parameters.layout().name().toLowerCase(),
                    Files.size(target), (System.nanoTime() - started) / 1_000_000);
            return WriteResult.written(target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            return fail(request, Optional.of(target), e);
        }
    }

    /** As the original: wait until {@code delay} has passed since the request was made, never longer than delay. */
    private void waitForRetrievalDelay(WriteRequest request) throws InterruptedException {
        double age = clock.millis() / 1000.0 - request.timestamp();
        double waitSeconds = Math.min(retrievalDelay.toMillis() / 1000.0, retrievalDelay.toMillis() / 1000.0 - age);
        if (waitSeconds > 0) {
            LOG.info("{}: waiting {} s retrieval delay so the data buffer has the data", request.label(),
                    String.format("%.1f", waitSeconds));
            Thread.sleep((long) (waitSeconds * 1000));
        }
    }

    private WriteResult fail(WriteRequest request, Optional<Path> target, Exception cause) {
        String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (target.isEmpty()) {
            LOG.error("{} failed and no .err file can be written (no output_file): {}", request.label(), why);
            return WriteResult.failed(null, null, why);
        }
        try {
            Path err = errFiles.write(target.get(), request);
            LOG.error("{} failed for {}: {}. The request is in {}", request.label(), target.get(), why, err);
            return WriteResult.failed(target.get(), err, why);
        } catch (IOException e) {
            LOG.error("{} failed for {}: {}; and its .err file could not be written either: {}", request.label(),
                    target.get(), why, e.toString());
            return WriteResult.failed(target.get(), null, why + "; the .err file could not be written: " + e);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Could not remove temporary file {}: {}", path, e.toString());
        }
    }
}
