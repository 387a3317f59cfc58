package org.sfdw.bench.micro;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sfdw.workers.dataapi.ChannelType;
import org.sfdw.workers.h5.RowBlock;

import java.util.concurrent.TimeUnit;

/** Parsed values stored into the block that becomes a dataset's rows: 64 Ki elements per call, per element type. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RowBlockFilling {

    private static final int ELEMENTS = 1 << 16;

    @Param({"FLOAT64", "FLOAT32", "INT32", "UINT16"})
    ChannelType type;

    private RowBlock scalars;

    @Setup
    public void build() {
        scalars = new RowBlock(type, 1, ELEMENTS);
    }

    @Benchmark
    public RowBlock putDouble() {
        for (int i = 0; i < ELEMENTS; i++) {
            scalars.putDouble(i, i * 0.25);
        }
        return scalars;
    }

    @Benchmark
    public RowBlock putLong() {
        for (int i = 0; i < ELEMENTS; i++) {
            scalars.putLong(i, i);
        }
        return scalars;
    }
}
