package org.sfdw.workers.layout;

import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.spool.query.PulseRange;
import org.sfdw.workers.dataapi.ChannelSchema;
import org.sfdw.workers.dataapi.ChannelType;
import org.sfdw.workers.dataapi.DataApiResponseException;
import org.sfdw.workers.dataapi.ResponseConsumer;
import org.sfdw.workers.h5.Chunking;
import org.sfdw.workers.h5.H5File;
import org.sfdw.workers.h5.H5RowDataset;
import org.sfdw.workers.h5.RowBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Builds the original's file layout (data-api.md §3, §9a) from a streamed response: each channel's values are
 * streamed into its datasets as they arrive; when the response is complete, {@link #finish()} writes
 * {@code pulse_id} and {@code is_data_present}, spreads the rows over the union of pulses in the extended layout,
 * and stores each channel's completeness report as attributes of {@code /data/<name>}.
 */
public final class DataFileBuilder implements ResponseConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(DataFileBuilder.class);
    private static final String EXPANDING = ".sfdw-extended";

    private final H5File file;
    private final FileLayout layout;
    private final Optional<PulseRange> range;
    private final Chunking chunking;
    private final BlockWrites writes;
    private final Map<String, ChannelRecorder> channels = new LinkedHashMap<>();
    private final List<String> withoutConfig = new ArrayList<>();

    /** Writes its blocks in line, on the parsing thread. */
    public DataFileBuilder(H5File file, FileLayout layout, Optional<PulseRange> range, Chunking chunking) {
        this(file, layout, range, chunking, Runnable::run);
    }

    /**
     * @param blockWriter runs the HDF5 writes of full row blocks, in the order given: a single thread, so that parsing
     *                    and writing overlap, or {@code Runnable::run}; the file is the same either way
     */
    public DataFileBuilder(H5File file, FileLayout layout, Optional<PulseRange> range, Chunking chunking,
                           Executor blockWriter) {
        this.file = file;
        this.layout = layout;
        this.range = range;
        this.chunking = chunking;
        this.writes = new BlockWrites(blockWriter);
    }

    static String groupOf(String channel) {
        return "/data/" + channel;
    }

    @Override
    public EventSink channel(ChannelSchema schema) {
        if (channels.containsKey(schema.name()) || withoutConfig.contains(schema.name())) {
            throw new DataApiResponseException("channel " + schema.name() + " appears twice in the response");
        }
        ChannelRecorder recorder = new ChannelRecorder(file, groupOf(schema.name()), schema, chunking, writes);
        channels.put(schema.name(), recorder);
        return recorder;
    }

    @Override
    public void channelWithoutConfig(String name) {
        LOG.warn("Channel {} came without a configuration (is it in the data buffer?); it gets no datasets", name);
        withoutConfig.add(name);
    }

    public List<String> channelsWithoutConfig() {
        return List.copyOf(withoutConfig);
    }

    /** Channels the data api configured but sent no events for. */
    public List<String> channelsWithoutData() {
        return channels.values().stream().filter(c -> c.events() == 0).map(c -> c.schema().name()).toList();
    }

    /** Completes every channel's datasets; returns the reports in response order. */
    public List<ChannelReport> finish() throws InterruptedIOException {
        writes.drain();
        long[] union = layout == FileLayout.EXTENDED ? unionOfPulseIds() : null;
        List<ChannelReport> reports = new ArrayList<>();
        for (ChannelRecorder channel : channels.values()) {
            long[] own = channel.pulseIds();
            if (union == null) {
                writeColumns(channel.schema(), own, null);
            } else {
                int[] sourceOf = sourceOfUnionRow(own, channel.strictlyIncreasing(), union);
                if (!(channel.strictlyIncreasing() && own.length == union.length)) {
                    spread(channel, sourceOf);
                }
                writeColumns(channel.schema(), union, sourceOf);
            }
            channel.close();
            ChannelReport report = CompletenessCheck.of(channel.schema().name(), own, range);
            writeReport(report);
            reports.add(report);
        }
        return reports;
    }

    private long[] unionOfPulseIds() {
        if (channels.values().stream().allMatch(ChannelRecorder::strictlyIncreasing)) {
            long[] union = new long[0];
            for (ChannelRecorder channel : channels.values()) {
                union = PulseIds.mergeIncreasing(union, channel.pulseIds());
            }
            return union;
        }
        return PulseIds.sortedDistinct(channels.values().stream().flatMapToLong(c -> Arrays.stream(c.pulseIds()))
                .toArray());
    }

    /** For each union row, the channel's event with that pulse (the last one, as the original's dict kept), or -1. */
    private static int[] sourceOfUnionRow(long[] own, boolean strictlyIncreasing, long[] union) {
        int[] sourceOf = new int[union.length];
        Arrays.fill(sourceOf, -1);
        if (strictlyIncreasing) {
            // The usual case: one merge walk instead of a search per event.
            int row = 0;
            for (int event = 0; event < own.length; event++) {
                while (union[row] != own[event]) {
                    row++;
                }
                sourceOf[row] = event;
            }
            return sourceOf;
        }
        for (int event = 0; event < own.length; event++) {
            sourceOf[Arrays.binarySearch(union, own[event])] = event;
        }
        return sourceOf;
    }

    private void spread(ChannelRecorder channel, int[] sourceOf) {
        ChannelSchema schema = channel.schema();
        String group = groupOf(schema.name());
        int window = chunking.blockRows(schema.rowBytes());
        int dateWindow = chunking.blockRows(ChannelType.STRING.chunkBytes());
        if (channel.strictlyIncreasing()) {
            RowExpansion.expand(channel.data(), channel.data(), sourceOf, window);
            RowExpansion.expand(channel.dates(), channel.dates(), sourceOf, dateWindow);
            return;
        }
        // Duplicates or pulses out of order: rows may move backwards, so build new datasets and swap them in.
        try (H5RowDataset data = file.createRows(group + "/data" + EXPANDING, schema.type(), schema.eventDimensions(),
                chunking.chunkRows(schema.rowBytes()));
             H5RowDataset dates = file.createRows(group + "/global_date" + EXPANDING, ChannelType.STRING, new int[0],
                     chunking.chunkRows(ChannelType.STRING.chunkBytes()))) {
            RowExpansion.expand(channel.data(), data, sourceOf, window);
            RowExpansion.expand(channel.dates(), dates, sourceOf, dateWindow);
        }
        channel.close();
        for (String name : List.of("/data", "/global_date")) {
            file.delete(group + name);
            file.move(group + name + EXPANDING, group + name);
        }
    }

    /** {@code pulse_id} and {@code is_data_present}: the rows' pulses, and which rows the channel has. */
    private void writeColumns(ChannelSchema schema, long[] pulses, int[] sourceOf) {
        String group = groupOf(schema.name());
        try (H5RowDataset ids = file.createFixedRows(group + "/pulse_id", ChannelType.INT64, pulses.length);
             H5RowDataset present = file.createFixedRows(group + "/is_data_present", ChannelType.BOOL,
                     pulses.length)) {
            int blockRows = Chunking.MAX_ROWS;
            RowBlock idBlock = ids.newBlock(blockRows);
            RowBlock presentBlock = present.newBlock(blockRows);
            for (int start = 0; start < pulses.length; start += blockRows) {
                int count = Math.min(blockRows, pulses.length - start);
                for (int r = 0; r < count; r++) {
                    idBlock.putLong(r, pulses[start + r]);
                    presentBlock.putLong(r, sourceOf == null || sourceOf[start + r] >= 0 ? 1 : 0);
                }
                ids.write(start, idBlock, count);
                present.write(start, presentBlock, count);
            }
        }
    }

    private void writeReport(ChannelReport report) {
        String group = groupOf(report.channel());
        report.counts().forEach((name, value) -> file.setLongAttribute(group, name, value));
    }

    /** Releases the datasets of channels not yet finished (after a failure). */
    public void abandon() {
        writes.settle();
        for (ChannelRecorder channel : channels.values()) {
            channel.closeQuietly();
        }
    }
}
