package org.sfdw.spool.testing;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Bitshuffle-LZ4 blobs made as the bitshuffle library makes them, for the decoder's tests and benchmarks (the
 * project only decodes them).
 */
public final class BitshuffleLz4Blobs {

    private final LZ4Compressor compressor = LZ4Factory.safeInstance().fastCompressor();

    /** Header, then per block its length and LZ4 bytes, then the elements that do not fill a block of 8, raw. */
    public byte[] compress(byte[] data, int elementSize, int blockElements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(12).putLong(data.length).putInt(blockElements * elementSize);
        out.writeBytes(header.array());
        int elements = data.length / elementSize;
        int done = 0;
        while (elements - done >= 8) {
            int k = Math.min(blockElements, elements - done) & ~7;
            byte[] shuffled = shuffle(data, done * elementSize, k, elementSize);
            byte[] block = compressor.compress(shuffled);
            out.writeBytes(ByteBuffer.allocate(4).putInt(block.length).array());
            out.writeBytes(block);
            done += k;
        }
        out.write(data, done * elementSize, (elements - done) * elementSize);
        return out.toByteArray();
    }

    /** The bit transpose that the decoder's unshuffle undoes: bit plane by bit plane. */
    static byte[] shuffle(byte[] data, int offset, int k, int elementSize) {
        byte[] planes = new byte[k * elementSize];
        int planeBytes = k >> 3;
        for (int plane = 0; plane < 8 * elementSize; plane++) {
            for (int i = 0; i < k; i++) {
                if ((data[offset + i * elementSize + (plane >> 3)] & (1 << (plane & 7))) != 0) {
                    planes[plane * planeBytes + (i >> 3)] |= (byte) (1 << (i & 7));
                }
            }
        }
        return planes;
    }

    /** Data that compresses like detector values: runs, small numbers, some noise. */
    public static byte[] detectorLike(long seed, int elements, int elementSize) {
        Random random = new Random(seed);
        byte[] data = new byte[elements * elementSize];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : (i / elementSize) % 7);
        }
        return data;
    }
}
