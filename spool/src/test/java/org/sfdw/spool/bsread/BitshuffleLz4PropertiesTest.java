package org.sfdw.spool.bsread;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.sfdw.spool.testing.BitshuffleLz4Blobs;
import org.sfdw.spool.testing.Fixtures;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bitshuffle-LZ4 blobs as the network delivers them: whole ones decode to what was compressed, damaged ones
 * (bytes changed inside the LZ4 blocks or their lengths, cut short) decode to something of the declared size or are
 * refused with a {@link BsreadFormatException}; nothing else escapes.
 */
class BitshuffleLz4PropertiesTest {

    private static final byte[] REAL = Fixtures.bytes("bsread/bsread_dataheader_bslz4_000000_001.raw");
    private final BitshuffleLz4Blobs blobs = new BitshuffleLz4Blobs();

    @Provide
    Arbitrary<Integer> elementSizes() {
        return Arbitraries.of(1, 2, 4, 8);
    }

    @Property(tries = 300)
    void wholeBlobsDecodeToWhatWasCompressed(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int elements,
                                             @ForAll("elementSizes") int elementSize,
                                             @ForAll @IntRange(min = 1, max = 64) int blockEighths) {
        byte[] data = BitshuffleLz4Blobs.detectorLike(seed, elements, elementSize);
        byte[] blob = blobs.compress(data, elementSize, blockEighths * 8);
        assertThat(new BitshuffleLz4().decompress(blob, elementSize)).isEqualTo(data);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> flips() {
        return Arbitraries.integers().greaterOrEqual(0).flatMap(position -> Arbitraries.bytes()
                .map(value -> Tuple.of(position, value))).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 1000)
    void damagedBlocksAreDecodedToTheDeclaredSizeOrRefused(@ForAll long seed,
                                                           @ForAll @IntRange(min = 8, max = 2000) int elements,
                                                           @ForAll("elementSizes") int elementSize,
                                                           @ForAll("flips") List<Tuple.Tuple2<Integer, Byte>> flips,
                                                           @ForAll @IntRange(min = 0, max = 64) int cut,
                                                           @ForAll boolean realBlob) {
        byte[] blob = realBlob ? REAL
                : blobs.compress(BitshuffleLz4Blobs.detectorLike(seed, elements, elementSize), elementSize, 64);
        int size = realBlob ? 1 : elementSize;
        byte[] damaged = blob.clone();
        for (Tuple.Tuple2<Integer, Byte> flip : flips) {
            // Inside the blocks and their length fields: the 12-byte header is the other test's business.
            damaged[12 + flip.get1() % (damaged.length - 12)] = flip.get2();
        }
        damaged = Arrays.copyOf(damaged, Math.max(12, damaged.length - cut));
        long declared = ByteBuffer.wrap(damaged).getLong();
        try {
            byte[] out = new BitshuffleLz4().decompress(damaged, size);
            assertThat((long) out.length).isEqualTo(declared);
        } catch (BsreadFormatException e) {
            assertThat(e.getMessage()).contains("bitshuffle");
        }
    }

    @Property(tries = 200)
    void aHeaderThatDeclaresMoreThanLz4CanExpandIsRefusedBeforeAnythingIsAllocated(
            @ForAll @IntRange(min = 0, max = 200) int extraBytes) {
        byte[] blob = ByteBuffer.allocate(16 + extraBytes).putLong(Integer.MAX_VALUE - 16).putInt(8192).array();
        assertThatThrownBy(() -> new BitshuffleLz4().decompress(blob, 1)).isInstanceOf(BsreadFormatException.class)
                .hasMessageContaining("declares");
    }
}
