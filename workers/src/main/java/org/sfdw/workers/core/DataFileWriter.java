package org.sfdw.workers.core;

import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.query.PulseRange;
import org.sfdw.workers.dataapi.DataApiResponseException;
import org.sfdw.workers.dataapi.ResponseParser;
import org.sfdw.workers.h5.Chunking;
import org.sfdw.workers.h5.H5File;
import org.sfdw.workers.layout.DataFileBuilder;
import org.sfdw.workers.layout.DataPolicy;
import org.sfdw.workers.layout.FileLayout;
import org.sfdw.workers.layout.FileParameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The original's {@code write_data_to_file}: turns one data-api JSON response into the file its parameters name.
 * The file is built under a temporary name beside the target and renamed when complete, so the target path only
 * ever holds a whole file. Usable on its own, e.g. on a response saved to disk.
 */
public final class DataFileWriter {

    private final ResponseParser parser;
    private final Executor blockWriter;

    /**
     * Full row blocks go into the file on a thread of their own while the answer is parsed on (the file is the one
     * writing them in line makes).
     */
    public DataFileWriter(ResponseParser parser) {
        this.parser = parser;
        this.blockWriter = hdf5Thread();
    }

    /** One thread, made when a write needs it and gone after a minute without writes, so there is nothing to close. */
    private static Executor hdf5Thread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "sfdw-hdf5-blocks");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /**
     * What a written file holds.
     *
     * @param finishing the time from the end of the response to the renamed file (the extended layout, the
     *                  columns, the report); the rest of the time was spent streaming the response into the file
     */
    public record Written(Path file, List<ChannelReport> reports, List<String> channelsWithoutConfig,
                          Duration finishing) {
    }

    /** Puts a finished temporary file at its target. */
    @FunctionalInterface
    public interface Placement {
        /** @throws OutputFileException when it cannot be done now (worth retrying) */
        void place(Path temporary, Path target) throws IOException;
    }

    /** Renames over whatever is at the target: for files written on their own, e.g. from a saved response. */
    public static final Placement REPLACING = (temporary, target) -> {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new OutputFileException("cannot rename " + temporary + " to " + target + ": " + e, e);
        }
    };

    /** As {@link #write(FileParameters, DataPolicy, Optional, InputStream, String, List, Placement)}, replacing. */
    public Written write(FileParameters parameters, DataPolicy policy, Optional<PulseRange> range, InputStream response,
                         String tag) throws IOException {
        return write(parameters, policy, range, response, tag, List.of(), REPLACING);
    }

    /**
     * @param range     the request's pulse range, for chunk sizes and the completeness report
     * @param tag       tells concurrent temporary files of the same target apart (the request id)
     * @param requested the channels the query asked for: one the answer leaves out is reported absent (empty: not
     *                  known)
     * @param placement puts the finished file at its target; what it throws ends the write, and the temporary file
     *                  is removed
     * @throws DataApiResponseException when the response cannot make a file, or the policy refuses what it holds
     * @throws OutputFileException      when the file cannot be written
     * @throws IOException              when reading the response fails (worth retrying)
     */
    public Written write(FileParameters parameters, DataPolicy policy, Optional<PulseRange> range, InputStream response,
                         String tag, List<String> requested, Placement placement) throws IOException {
        Path target = parameters.outputFile().toAbsolutePath();
        Path temporary = TemporaryFiles.forTarget(target, tag);
        boolean moved = false;
        try {
            List<ChannelReport> reports;
            List<String> withoutConfig;
            long bodyEnded;
            try (H5File file = create(temporary)) {
                for (Map.Entry<String, String> general : parameters.general().entrySet()) {
                    file.writeFixedString("/general/" + general.getKey(), general.getValue());
                }
                DataFileBuilder builder = new DataFileBuilder(file, parameters.layout(), range,
                        Chunking.forRows(range.map(PulseRange::length).orElse(0L)), blockWriter);
                try {
                    parser.parse(response, builder, () -> TemporaryFiles.newScratch(target));
                    bodyEnded = System.nanoTime();
                    List<String> empty = builder.channelsWithoutData();
                    if (!empty.isEmpty() && policy.noData() == DataPolicy.NoData.ERROR) {
                        throw new DataApiResponseException("no data for channel(s) " + empty + " in the requested "
                                + "range (parameter no_data=\"missing\" writes them as missing instead)");
                    }
                    withoutConfig = builder.channelsWithoutConfig();
                    reports = withAbsent(builder.finish(), withoutConfig, requested, range);
                } catch (hdf.hdf5lib.exceptions.HDF5Exception e) {
                    builder.abandon();
                    throw new OutputFileException("cannot write " + temporary + " (" + freeSpace(temporary) + "): "
                            + e.getMessage(), e);
                } catch (IOException | RuntimeException e) {
                    builder.abandon();
                    throw e;
                }
            }
            List<ChannelReport> incomplete = reports.stream().filter(r -> !r.complete()).toList();
            if (!incomplete.isEmpty() && policy.incompleteData() == DataPolicy.IncompleteData.ERROR) {
                throw new DataApiResponseException("incomplete data (parameter incomplete_data=\"error\"): "
                        + incomplete.stream().map(ChannelReport::describe).collect(Collectors.joining("; ")));
            }
            placement.place(temporary, target);
            moved = true;
            return new Written(target, reports, withoutConfig, Duration.ofNanos(System.nanoTime() - bodyEnded));
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * Writes an answer into a file in memory, which is then dropped: the code of a real write, for {@link WarmUp}.
     */
    void rehearse(InputStream answer, Optional<PulseRange> range) throws IOException {
        try (H5File file = H5File.inMemory("sfdw-rehearsal.h5")) {
            DataFileBuilder builder = new DataFileBuilder(file, FileLayout.EXTENDED, range,
                    Chunking.forRows(range.map(PulseRange::length).orElse(0L)), blockWriter);
            try {
                parser.parse(answer, builder, () -> {
                    throw new IOException("a rehearsal answer has each channel's configuration before its data");
                });
                builder.finish();
            } catch (IOException | RuntimeException e) {
                builder.abandon();
                throw e;
            }
        }
    }

    /** The file's reports, and one for each requested channel the answer left out. */
    private static List<ChannelReport> withAbsent(List<ChannelReport> reports, List<String> withoutConfig,
                                                  List<String> requested, Optional<PulseRange> range) {
        java.util.Set<String> answered = new java.util.HashSet<>(withoutConfig);
        reports.forEach(r -> answered.add(r.channel()));
        List<ChannelReport> all = new java.util.ArrayList<>(reports);
        requested.stream().filter(name -> !answered.contains(name)).distinct().forEach(name ->
                all.add(ChannelReport.absent(name, range.map(PulseRange::length).orElse(-1L))));
        return all;
    }

    /** What an operator checks first when a write fails: is the disk full? */
    private static String freeSpace(Path file) {
        try {
            long free = Files.getFileStore(file.getParent()).getUsableSpace();
            return free < 64L * 1024 * 1024 ? "its disk is full: " + free + " bytes free"
                    : free / (1024 * 1024) + " MiB free on its disk";
        } catch (IOException | RuntimeException e) {
            return "free space unknown";
        }
    }

    private static H5File create(Path temporary) {
        try {
            return H5File.create(temporary);
        } catch (RuntimeException e) {
            throw new OutputFileException("cannot create " + temporary + ": " + e.getMessage(), e);
        }
    }
}
