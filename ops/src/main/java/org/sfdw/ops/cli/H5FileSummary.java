package org.sfdw.ops.cli;

import ch.systemsx.cisd.hdf5.HDF5DataClass;
import ch.systemsx.cisd.hdf5.HDF5DataSetInformation;
import ch.systemsx.cisd.hdf5.HDF5DataTypeInformation;
import ch.systemsx.cisd.hdf5.HDF5Factory;
import ch.systemsx.cisd.hdf5.IHDF5Reader;
import org.sfdw.spool.outcome.ChannelReport;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Optional;

/**
 * {@code sfdw inspect}: what a written file holds: /general, per channel dtype, shape, pulses and presence, and the
 * completeness report.
 */
public final class H5FileSummary {

    private final PrintStream out;

    public H5FileSummary(PrintStream out) {
        this.out = out;
    }

    public void print(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        // HDF5 prints a stack for every probe that misses (jHDF5 looks for its type group); failures still throw.
        hdf.hdf5lib.H5.H5error_off();
        try (IHDF5Reader reader = HDF5Factory.openForReading(file.toFile())) {
            out.printf("%s (%,d bytes)%n", file, Files.size(file));
            for (String key : List.of("created", "instrument", "process", "user")) {
                String path = "/general/" + key;
                out.printf("  general/%-11s %s%n", key, reader.object().exists(path) ? reader.string().read(path) : "(missing)");
            }
            List<String> channels = reader.object().exists("/data") ? reader.object().getAllGroupMembers("/data") : List.of();
            LongSummaryStatistics pulses = new LongSummaryStatistics();
            out.printf("  %-40s %-8s %-16s %s%n", "channel", "dtype", "shape", "present");
            for (String channel : channels) {
                String group = "/data/" + channel + "/";
                long[] pulseIds = reader.int64().readArray(group + "pulse_id");
                Arrays.stream(pulseIds).forEach(pulses::accept);
                HDF5DataSetInformation data = reader.object().getDataSetInformation(group + "data");
                // Raw bytes: jHDF5 cannot name the bool enum type once /__DATA_TYPES__ is removed.
                byte[] present = reader.opaque().readArray(group + "is_data_present");
                int presentCount = 0;
                for (byte b : present) {
                    presentCount += b;
                }
                out.printf("  %-40s %-8s %-16s %d/%d%n", channel, dtype(data.getTypeInformation()),
                        Arrays.toString(data.getDimensions()), presentCount, present.length);
            }
            if (pulses.getCount() > 0) {
                out.printf("  pulses %d..%d, %d channels%n", pulses.getMin(), pulses.getMax(), channels.size());
            } else {
                out.printf("  no pulses, %d channels%n", channels.size());
            }
            List<ChannelReport> reports = channels.stream().map(c -> reportOf(reader, c)).flatMap(Optional::stream)
                    .toList();
            if (!reports.isEmpty()) {
                out.printf("  completeness report (%d of %d channels complete)%n",
                        reports.stream().filter(ChannelReport::complete).count(), reports.size());
                reports.forEach(r -> out.printf("    %s%n", r.verdictLine()));
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The report sfdw stored as attributes of {@code /data/<channel>}; none in files written by the original. */
    private static Optional<ChannelReport> reportOf(IHDF5Reader reader, String channel) {
        String group = "/data/" + channel;
        if (!reader.object().hasAttribute(group, "present_pulses")) {
            return Optional.empty();
        }
        return Optional.of(ChannelReport.of(channel, name -> reader.int64().getAttr(group, name)));
    }

    /** The numpy-style name of a dataset's element type. */
    static String dtype(HDF5DataTypeInformation type) {
        HDF5DataClass kind = type.getDataClass();
        return switch (kind) {
            case FLOAT -> "float" + type.getElementSize() * 8;
            case INTEGER -> (type.isSigned() ? "int" : "uint") + type.getElementSize() * 8;
            case BOOLEAN, ENUM -> "bool";
            case STRING -> "string";
            default -> kind.name().toLowerCase();
        };
    }
}
