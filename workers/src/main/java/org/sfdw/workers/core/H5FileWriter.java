package org.sfdw.workers.core;

import ch.systemsx.cisd.base.mdarray.MDArray;
import ch.systemsx.cisd.base.mdarray.MDByteArray;
import ch.systemsx.cisd.base.mdarray.MDDoubleArray;
import ch.systemsx.cisd.base.mdarray.MDFloatArray;
import ch.systemsx.cisd.base.mdarray.MDIntArray;
import ch.systemsx.cisd.base.mdarray.MDLongArray;
import ch.systemsx.cisd.base.mdarray.MDShortArray;
import ch.systemsx.cisd.hdf5.HDF5EnumerationType;
import ch.systemsx.cisd.hdf5.HDF5EnumerationValueArray;
import ch.systemsx.cisd.hdf5.HDF5EnumerationValueMDArray;
import ch.systemsx.cisd.hdf5.HDF5Factory;
import ch.systemsx.cisd.hdf5.IHDF5Writer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the original's HDF5 layout (data-api.md §9a, the original's writer_format.py):
 * {@code /general/{created,instrument,process,user}} as fixed-length byte strings, and per channel
 * {@code /data/<name>/data} ({@code [n] + reversed(shape)}), {@code pulse_id} (int64), {@code is_data_present}
 * (h5py bool) and {@code global_date} (variable-length UTF-8).
 */
public final class H5FileWriter {

    /** jHDF5 keeps committed types here; the original's files have no such group. */
    private static final String JHDF5_TYPES_GROUP = "/__DATA_TYPES__";
    private static final String MISSING_TEXT = "0";

    /** What was written, for the log and the caller. */
    public record Summary(int channels, int rows) {
    }

    /** An HDF5 file being written: {@code /general} first, the channels when they have arrived. */
    public final class Output implements AutoCloseable {

        private final IHDF5Writer writer;

        private Output(IHDF5Writer writer) {
            this.writer = writer;
        }

        public Summary writeChannels(List<ChannelData> channels, FileLayout layout) {
            HDF5EnumerationType bool = writer.enumeration().getType("Boolean", new String[]{"FALSE", "TRUE"});
            long[] allPulses = layout == FileLayout.EXTENDED ? unionOfPulseIds(channels) : null;
            int maxRows = 0;
            for (ChannelData channel : channels) {
                long[] pulses = allPulses != null ? allPulses : ownPulseIds(channel);
                writeChannel(writer, bool, channel, pulses);
                maxRows = Math.max(maxRows, pulses.length);
            }
            return new Summary(channels.size(), maxRows);
        }

        @Override
        public void close() {
            try {
                if (writer.object().exists(JHDF5_TYPES_GROUP)) {
                    writer.object().delete(JHDF5_TYPES_GROUP);
                }
            } finally {
                writer.close();
            }
        }
    }

    /** Creates (or overwrites) {@code file} and writes the {@code /general} strings. */
    public Output create(Path file, Map<String, String> general) {
        IHDF5Writer writer = HDF5Factory.configure(file.toFile()).overwrite().useUTF8CharacterEncoding().writer();
        try {
            for (Map.Entry<String, String> entry : general.entrySet()) {
                writer.string().write("/general/" + entry.getKey(), entry.getValue());
            }
            return new Output(writer);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    private static long[] unionOfPulseIds(List<ChannelData> channels) {
        return channels.stream()
                .flatMapToLong(c -> Arrays.stream(ownPulseIds(c)))
                .sorted().distinct().toArray();
    }

    private static long[] ownPulseIds(ChannelData channel) {
        long[] pulses = new long[channel.events()];
        for (int i = 0; i < pulses.length; i++) {
            pulses[i] = channel.pulseIdAt(i);
        }
        return pulses;
    }

    private void writeChannel(IHDF5Writer writer, HDF5EnumerationType bool, ChannelData channel, long[] pulses) {
        String group = "/data/" + channel.name() + "/";
        int rows = pulses.length;
        int[] rowOfEvent = new int[channel.events()];
        byte[] present = new byte[rows];
        String[] dates = new String[rows];
        Arrays.fill(dates, MISSING_TEXT);
        for (int event = 0; event < rowOfEvent.length; event++) {
            int row = Arrays.binarySearch(pulses, channel.pulseIdAt(event));
            rowOfEvent[event] = row;
            present[row] = 1;
            dates[row] = channel.globalDateAt(event);
        }
        writer.int64().writeArray(group + "pulse_id", pulses);
        writer.string().writeArrayVL(group + "global_date", dates);
        writer.enumeration().writeArray(group + "is_data_present", new HDF5EnumerationValueArray(bool, present));
        writeData(writer, bool, group + "data", channel, rows, rowOfEvent);
    }

    /** Copies element {@code source} of the channel's values to element {@code target} of the dataset. */
    private interface ElementCopy {
        void copy(int target, int source);
    }

    private static void scatter(ChannelData channel, int[] rowOfEvent, ElementCopy copy) {
        int perEvent = channel.elementsPerEvent();
        for (int event = 0; event < rowOfEvent.length; event++) {
            int target = rowOfEvent[event] * perEvent;
            int source = event * perEvent;
            for (int k = 0; k < perEvent; k++) {
                copy.copy(target + k, source + k);
            }
        }
    }

    private void writeData(IHDF5Writer writer, HDF5EnumerationType bool, String path, ChannelData channel, int rows,
                           int[] rowOfEvent) {
        int[] eventDims = channel.eventDimensions();
        int[] dims = new int[eventDims.length + 1];
        dims[0] = rows;
        System.arraycopy(eventDims, 0, dims, 1, eventDims.length);
        int size = Math.multiplyExact(rows, channel.elementsPerEvent());
        ValueColumn v = channel.values();
        switch (channel.type()) {
            case BOOL -> {
                byte[] a = new byte[size];
                scatter(channel, rowOfEvent, (t, s) -> a[t] = (byte) (v.longAt(s) != 0 ? 1 : 0));
                writer.enumeration().writeMDArray(path, new HDF5EnumerationValueMDArray(bool, new MDByteArray(a, dims)));
            }
            case INT8, UINT8 -> {
                byte[] a = new byte[size];
                scatter(channel, rowOfEvent, (t, s) -> a[t] = (byte) v.longAt(s));
                MDByteArray md = new MDByteArray(a, dims);
                if (channel.type() == ChannelType.INT8) {
                    writer.int8().writeMDArray(path, md);
                } else {
                    writer.uint8().writeMDArray(path, md);
                }
            }
            case INT16, UINT16 -> {
                short[] a = new short[size];
                scatter(channel, rowOfEvent, (t, s) -> a[t] = (short) v.longAt(s));
                MDShortArray md = new MDShortArray(a, dims);
                if (channel.type() == ChannelType.INT16) {
                    writer.int16().writeMDArray(path, md);
                } else {
                    writer.uint16().writeMDArray(path, md);
                }
            }
            case INT32, UINT32 -> {
                int[] a = new int[size];
                scatter(channel, rowOfEvent, (t, s) -> a[t] = (int) v.longAt(s));
                MDIntArray md = new MDIntArray(a, dims);
                if (channel.type() == ChannelType.INT32) {
                    writer.int32().writeMDArray(path, md);
                } else {
                    writer.uint32().writeMDArray(path, md);
                }
            }
            case INT64, UINT64 -> {
                long[] a = new long[size];
                scatter(channel, rowOfEvent, (t, s) -> a[t] = v.longAt(s));
                MDLongArray md = new MDLongArray(a, dims);
                if (channel.type() == ChannelType.INT64) {
                    writer.int64().writeMDArray(path, md);
                } else {
                    writer.uint64().writeMDArray(path, md);
                }
            }
            case FLOAT32 -> {
                float[] a = new float[size];
                scatter(channel, rowOfEvent, (t, s) -> a[t] = (float) v.doubleAt(s));
                writer.float32().writeMDArray(path, new MDFloatArray(a, dims));
            }
            case FLOAT64 -> {
                double[] a = new double[size];
                scatter(channel, rowOfEvent, (t, s) -> a[t] = v.doubleAt(s));
                writer.float64().writeMDArray(path, new MDDoubleArray(a, dims));
            }
            case STRING -> {
                String[] a = new String[size];
                Arrays.fill(a, MISSING_TEXT);
                scatter(channel, rowOfEvent, (t, s) -> a[t] = v.textAt(s));
                writer.string().writeMDArrayVL(path, new MDArray<>(a, dims));
            }
        }
    }
}
