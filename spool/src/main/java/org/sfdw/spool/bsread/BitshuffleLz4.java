package org.sfdw.spool.bsread;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.nio.ByteBuffer;

/**
 * Decompresses the bitshuffle-LZ4 blobs of bsread, rawevent, api/1 and the HDF5 filter (data-api.md §8.2):
 * big-endian total size and block size, then LZ4 blocks of bit-shuffled elements, then the leftover (fewer than 8
 * elements) raw. Written from that description. The blobs come from the network, so the LZ4 blocks are decoded by
 * the maintained fork's pure-Java safe decompressor: bounds-checked on every copy, no JNI and no {@code Unsafe},
 * so a crafted block costs an exception, never memory outside the buffers.
 */
public final class BitshuffleLz4 {

    private final LZ4SafeDecompressor lz4 = LZ4Factory.safeInstance().safeDecompressor();

    /**
     * @param elementSize bytes per element (1 for strings, JSON headers and bool)
     * @throws BsreadFormatException when the blob is truncated or not LZ4
     */
    public byte[] decompress(byte[] blob, int elementSize) {
        try {
            ByteBuffer in = ByteBuffer.wrap(blob);
            long total = in.getLong();
            int blockBytes = in.getInt();
            // LZ4 expands at most 255-fold: a larger total is a corrupt header, not a reason to allocate gigabytes.
            if (total < 0 || total > Integer.MAX_VALUE - 8 || total > 256L * blob.length + 64
                    || total % elementSize != 0 || blockBytes <= 0 || blockBytes % elementSize != 0) {
                throw new BsreadFormatException("bitshuffle-lz4 blob declares " + total + " bytes in blocks of "
                        + blockBytes + " for " + elementSize + "-byte elements");
            }
            byte[] out = new byte[(int) total];
            int elements = (int) (total / elementSize);
            int blockElements = blockBytes / elementSize;
            byte[] shuffled = new byte[Math.min(blockBytes, out.length)];
            int done = 0;
            while (elements - done >= 8) {
                int k = Math.min(blockElements, elements - done) & ~7;
                int compressed = in.getInt();
                if (compressed < 0 || compressed > in.remaining()) {
                    throw new BsreadFormatException("bitshuffle-lz4 blob of " + blob.length + " bytes is truncated or "
                            + "corrupt: a block declares " + compressed + " bytes where " + in.remaining() + " remain");
                }
                int n = lz4.decompress(blob, in.position(), compressed, shuffled, 0, k * elementSize);
                if (n != k * elementSize) {
                    throw new BsreadFormatException("bitshuffle-lz4 block decompressed to " + n + " bytes, expected "
                            + k * elementSize);
                }
                in.position(in.position() + compressed);
                unshuffle(shuffled, k, elementSize, out, done * elementSize);
                done += k;
            }
            in.get(out, done * elementSize, (elements - done) * elementSize);
            return out;
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException | LZ4Exception e) {
            throw new BsreadFormatException("bitshuffle-lz4 blob of " + blob.length + " bytes is truncated or corrupt",
                    e);
        }
    }

    /**
     * The inverse transpose: the input holds 8·s bit-planes of k/8 bytes; plane b carries bit b (bit b%8 of byte b/8
     * of each element) of elements 0..k-1, least significant bit first.
     */
    static void unshuffle(byte[] in, int k, int elementSize, byte[] out, int outOffset) {
        int planeBytes = k >> 3;
        for (int plane = 0; plane < 8 * elementSize; plane++) {
            int byteInElement = plane >> 3;
            int mask = 1 << (plane & 7);
            int base = plane * planeBytes;
            for (int i = 0; i < k; i++) {
                if ((in[base + (i >> 3)] & (1 << (i & 7))) != 0) {
                    out[outOffset + i * elementSize + byteInElement] |= (byte) mask;
                }
            }
        }
    }
}
