package org.sfdw.bench.micro;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sfdw.spool.bsread.BitshuffleLz4;
import org.sfdw.spool.testing.BitshuffleLz4Blobs;

import java.util.concurrent.TimeUnit;

/**
 * Decoding a bitshuffle-LZ4 blob (a camera image of uint16, 1 MiB) with the safe pure-Java LZ4 decompressor: the
 * bit transpose and LZ4 together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BitshuffleDecoding {

    @Param({"2"})
    int elementSize;

    private final BitshuffleLz4 codec = new BitshuffleLz4();
    private byte[] blob;

    @Setup
    public void build() {
        int elements = (1 << 20) / elementSize;
        blob = new BitshuffleLz4Blobs().compress(BitshuffleLz4Blobs.detectorLike(1, elements, elementSize),
                elementSize, 8192 / elementSize);
    }

    @Benchmark
    public byte[] decompress() {
        return codec.decompress(blob, elementSize);
    }
}
