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
import java.util.ArrayList;
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

    private static final List<String> CHANNEL_DATASETS = List.of("data", "pulse_id", "is_data_present", "global_date");

    /** @throws IllegalArgumentException in one line, when the file is missing or not HDF5 */
    public void print(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        // HDF5 prints a stack for every probe that misses (jHDF5 looks for its type group); failures still throw.
        hdf.hdf5lib.H5.H5error_off();
        IHDF5Reader reader;
        try {
            reader = HDF5Factory.openForReading(file.toFile());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an HDF5 file (or not readable as one): " + file);
        }
        try (reader) {
            out.printf("%s (%,d bytes)%n", file, Files.size(file));
            List<String> absent = new ArrayList<>();
            for (String key : List.of("created", "instrument", "process", "user")) {
                String path = "/general/" + key;
                boolean there = reader.object().isDataSet(path);
                if (!there) {
                    absent.add(path);
                }
                out.printf("  general/%-11s %s%n", key, there ? text(reader, path) : "(missing)");
            }
            if (!reader.object().isGroup("/data")) {
                absent.add("/data");
                out.println("  what the file holds:");
                listAll(reader, "/");
                out.printf("  not sfdw's layout: %s absent%n", String.join(", ", absent));
                return;
            }
            List<String> channels = reader.object().getAllGroupMembers("/data");
            LongSummaryStatistics pulses = new LongSummaryStatistics();
            out.printf("  %-40s %-8s %-16s %s%n", "channel", "dtype", "shape", "present");
            for (String channel : channels) {
                String group = "/data/" + channel + "/";
                CHANNEL_DATASETS.stream().filter(d -> !reader.object().isDataSet(group + d))
                        .forEach(d -> absent.add(group + d));
                if (reader.object().isDataSet(group + "pulse_id")) {
                    Arrays.stream(reader.int64().readArray(group + "pulse_id")).forEach(pulses::accept);
                }
                String dtype = "-";
                String shape = "-";
                if (reader.object().isDataSet(group + "data")) {
                    HDF5DataSetInformation data = reader.object().getDataSetInformation(group + "data");
                    dtype = dtype(data.getTypeInformation());
                    shape = Arrays.toString(data.getDimensions());
                }
                out.printf("  %-40s %-8s %-16s %s%n", channel, dtype, shape, presence(reader, group));
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
            if (!absent.isEmpty()) {
                out.printf("  not all of sfdw's layout: %s absent%n", String.join(", ", absent));
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(IHDF5Reader reader, String path) {
        try {
            return reader.string().read(path);
        } catch (RuntimeException e) {
            return "(not a string)";
        }
    }

    /** {@code present/rows} from {@code is_data_present}, read as raw bytes (a bool enum without jHDF5's types). */
    private static String presence(IHDF5Reader reader, String group) {
        if (!reader.object().isDataSet(group + "is_data_present")) {
            return "-";
        }
        try {
            byte[] present = reader.opaque().readArray(group + "is_data_present");
            int count = 0;
            for (byte b : present) {
                count += b;
            }
            return count + "/" + present.length;
        } catch (RuntimeException e) {
            return "(unreadable)";
        }
    }

    /** Every dataset below {@code group}, with dtype and shape. */
    private void listAll(IHDF5Reader reader, String group) {
        for (String member : reader.object().getGroupMemberPaths(group)) {
            if (reader.object().isGroup(member)) {
                listAll(reader, member);
            } else if (reader.object().isDataSet(member)) {
                HDF5DataSetInformation info = reader.object().getDataSetInformation(member);
                out.printf("    %-48s %-8s %s%n", member, dtype(info.getTypeInformation()),
                        Arrays.toString(info.getDimensions()));
            }
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
