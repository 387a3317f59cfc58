package org.sfdw.bench.micro;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.sfdw.workers.dataapi.ChannelType;
import org.sfdw.workers.dataapi.GlobalDates;
import org.sfdw.workers.h5.H5File;
import org.sfdw.workers.h5.H5RowDataset;
import org.sfdw.workers.h5.RowBlock;

import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/**
 * One channel's block of 10^4 events into HDF5 (a file in memory, so no disk is measured): its {@code global_date}
 * strings, one variable-length string per event in HDF5's global heap, next to its float64 values. A scalar-heavy
 * answer of 10^6 events pays the first 100 times: what bounds a rawevent answer, which needs no parsing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VariableLengthStrings {

    private static final int EVENTS = 10_000;

    private H5File file;
    private RowBlock dates;
    private RowBlock values;
    private int datasets;

    @Setup(Level.Trial)
    public void fill() {
        GlobalDates format = new GlobalDates(ZoneId.of("Europe/Zurich"));
        dates = new RowBlock(ChannelType.STRING, 1, EVENTS);
        values = new RowBlock(ChannelType.FLOAT64, 1, EVENTS);
        for (int e = 0; e < EVENTS; e++) {
            dates.putText(e, format.format(1_528_459_491_551_143_344L + e * 10_000_000L));
            values.putDouble(e, Math.sin(e) * 1234.5678);
        }
    }

    /** A fresh file each iteration, so the file in memory does not grow without end. */
    @Setup(Level.Iteration)
    public void open() {
        file = H5File.inMemory("strings.h5");
    }

    @TearDown(Level.Iteration)
    public void close() {
        file.close();
    }

    @Benchmark
    public long globalDates() {
        try (H5RowDataset dataset = file.createRows("/d" + datasets++, ChannelType.STRING, new int[0], EVENTS)) {
            dataset.append(dates, EVENTS);
            return dataset.rows();
        }
    }

    @Benchmark
    public long float64Values() {
        try (H5RowDataset dataset = file.createRows("/d" + datasets++, ChannelType.FLOAT64, new int[0], EVENTS)) {
            dataset.append(values, EVENTS);
            return dataset.rows();
        }
    }
}
