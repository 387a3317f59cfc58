package org.sfdw.bench;

import org.sfdw.spool.query.PulseRange;
import org.sfdw.workers.dataapi.ChannelSchema;
import org.sfdw.workers.dataapi.ChannelType;
import org.sfdw.workers.dataapi.ResponseConsumer;
import org.sfdw.workers.h5.Chunking;
import org.sfdw.workers.h5.H5File;
import org.sfdw.workers.layout.DataFileBuilder;
import org.sfdw.workers.layout.FileLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sfdw bench hdf5 [DIR]}: the writer's HDF5 side alone, values handed to the file builder as binary (as from a
 * rawevent answer) into the extended layout, the file then fsynced; next to a raw sequential write of the same value
 * bytes with fsync on the same disk. Reports MB/s of values. Not a test.
 */
public final class Hdf5Benchmark {

    private static final int CHANNELS = 5;
    private static final int ELEMENTS = 1024;
    private static final int REPEATS = 3;
    private static final long START = 1_000_000;

    private Hdf5Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "var/bench").resolve("hdf5");
        Files.createDirectories(dir);
        System.out.println("| channels x float32 elements | pulses | values MB | HDF5 MB/s (with fsync) "
                + "| raw write + fsync MB/s | HDF5 / raw |");
        System.out.println("|---|---|---|---|---|---|");
        for (int pulses : new int[]{2_000, 20_000}) {
            double megabytes = (double) CHANNELS * ELEMENTS * 4 * pulses / 1e6;
            double hdf5 = 0;
            double raw = 0;
            for (int run = 0; run < REPEATS; run++) {
                hdf5 = Math.max(hdf5, megabytes / writeHdf5(dir.resolve("bench.h5"), pulses));
                raw = Math.max(raw, megabytes / writeRaw(dir.resolve("bench.raw"), pulses));
            }
            System.out.printf(Locale.ROOT, "| %d x %d | %d | %.0f | %.0f | %.0f | %.2f |%n", CHANNELS, ELEMENTS, pulses,
                    megabytes, hdf5, raw, hdf5 / raw);
        }
    }

    private static ByteBuffer values(int channel, int pulse) {
        ByteBuffer value = ByteBuffer.allocate(ELEMENTS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int e = 0; e < ELEMENTS; e++) {
            value.putFloat((float) Math.sin(pulse * 0.01 + e * 0.1 + channel));
        }
        return value.flip();
    }

    /** @return seconds from creating the file to its fsync */
    private static double writeHdf5(Path file, int pulses) throws IOException {
        Files.deleteIfExists(file);
        ByteBuffer[] rows = {values(0, 0), values(1, 1)};
        long started = System.nanoTime();
        try (H5File h5 = H5File.create(file)) {
            DataFileBuilder builder = new DataFileBuilder(h5, FileLayout.EXTENDED,
                    Optional.of(new PulseRange(START, START + pulses - 1)), Chunking.forRows(pulses));
            for (int c = 0; c < CHANNELS; c++) {
                ResponseConsumer.EventSink sink = builder.channel(new ChannelSchema("BENCH:CH" + c, ChannelType.FLOAT32,
                        List.of(ELEMENTS)));
                for (int p = 0; p < pulses; p++) {
                    sink.putRaw(rows[p & 1].duplicate().order(ByteOrder.LITTLE_ENDIAN));
                    sink.endEvent(START + p, "2018-06-08T14:04:51.551143344+02:00");
                }
                sink.endChannel();
            }
            builder.finish();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.delete(file);
        return seconds;
    }

    /** @return seconds to write the same value bytes sequentially in 2 MiB blocks and fsync them */
    private static double writeRaw(Path file, int pulses) throws IOException {
        Files.deleteIfExists(file);
        ByteBuffer block = ByteBuffer.allocateDirect(2 << 20);
        while (block.hasRemaining()) {
            block.put(values(block.position(), 0).limit(Math.min(ELEMENTS * 4, block.remaining())));
        }
        long total = (long) CHANNELS * ELEMENTS * 4 * pulses;
        long started = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < total; ) {
                block.clear().limit((int) Math.min(block.capacity(), total - written));
                written += channel.write(block);
            }
            channel.force(true);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.delete(file);
        return seconds;
    }
}
