package org.sfdw.spool.bsread;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BsreadDecoderTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void javaStyleHeaderGetsTheDefaultsAndBigEndianValuesDecode() {
        BsreadDecoder decoder = new BsreadDecoder(new ObjectMapper());
        List<byte[]> frames = List.of(
                utf8("{\"htype\":\"bsr_m-1.1\",\"hash\":\"abc\",\"pulse_id\":5}"),
                utf8("{\"htype\":\"bsr_d-1.1\",\"channels\":[{\"name\":\"x\"},{\"name\":\"n\",\"type\":\"INT32\","
                        + "\"encoding\":\"big\"},{\"name\":\"s\",\"type\":\"string\"}]}"),
                ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(2.5).array(), new byte[0],
                ByteBuffer.allocate(4).putInt(-7).array(), new byte[0],
                new byte[0], new byte[0]);

        BsreadMessage message = decoder.decode(frames);

        assertThat(message.pulseId()).isEqualTo(5);
        assertThat(message.channels().get(0)).isEqualTo(new BsreadChannel("x", "float64", List.of(1), false, "none"));
        assertThat(message.values()).containsEntry("x", 2.5).containsEntry("n", -7L).doesNotContainKey("s");
    }

    @Test
    void aBadHeaderDoesNotPoisonTheCacheOfTheGoodOne() {
        BsreadDecoder decoder = new BsreadDecoder(new ObjectMapper());
        byte[] good = utf8("{\"htype\":\"bsr_d-1.1\",\"channels\":[{\"name\":\"s\",\"type\":\"string\"}]}");
        List<byte[]> first = new ArrayList<>(List.of(utf8("{\"htype\":\"bsr_m-1.1\",\"hash\":\"h1\"}"), good,
                utf8("one"), new byte[0]));
        decoder.decode(first);

        assertThatThrownBy(() -> decoder.decode(List.of(utf8("{\"htype\":\"bsr_m-1.1\",\"hash\":\"h2\"}"),
                utf8("not json"), utf8("two"), new byte[0])))
                .isInstanceOf(BsreadFormatException.class).hasMessageContaining("data header is not JSON");

        // Same hash as the good header: its frame 1 is not even parsed.
        BsreadMessage third = decoder.decode(List.of(utf8("{\"htype\":\"bsr_m-1.1\",\"hash\":\"h1\"}"),
                utf8("garbage that is skipped"), utf8("three"), new byte[0]));
        assertThat(third.values()).containsEntry("s", "three");
    }

    @Test
    void notABsreadMessageIsRejected() {
        BsreadDecoder decoder = new BsreadDecoder(new ObjectMapper());
        assertThatThrownBy(() -> decoder.decode(List.of(utf8("{\"htype\":\"other\"}"))))
                .isInstanceOf(BsreadFormatException.class).hasMessageContaining("htype");
        assertThatThrownBy(() -> decoder.decode(List.of(utf8("{\"htype\":\"bsr_m-1.1\"}"))))
                .isInstanceOf(BsreadFormatException.class).hasMessageContaining("no data header");
    }

    @Test
    void decodesTheRealBitshuffleLz4CompressedDataHeaderWithJavaStyleDefaults() {
        byte[] header = org.sfdw.spool.testing.Fixtures.bytes("bsread/bsread_dataheader_bslz4_000000_001.raw");
        String json = new String(new BitshuffleLz4().decompress(header, 1), StandardCharsets.UTF_8);
        assertThat(json).hasSize(1083).startsWith("{\"htype\":\"bsr_d-1.1\",\"channels\":[{\"name\":\"BoolScalar\"");

        List<byte[]> frames = new ArrayList<>();
        frames.add(utf8("{\"htype\":\"bsr_m-1.1\",\"hash\":\"5f62c6a8d0cb2ae4aa6fca597cc5ec48\",\"pulse_id\":147196131823,"
                + "\"global_timestamp\":{\"sec\":1471961318,\"ns\":233131827},\"dh_compression\":\"bitshuffle_lz4\"}"));
        frames.add(header);
        for (int i = 0; i < 23; i++) {
            frames.add(new byte[0]);
            frames.add(new byte[0]);
        }
        BsreadMessage message = new BsreadDecoder(new ObjectMapper()).decode(frames);

        assertThat(message.channels()).hasSize(23);
        assertThat(message.channels().get(0)).isEqualTo(new BsreadChannel("BoolScalar", "bool", List.of(1), false, "none"));
        assertThat(message.channels()).contains(new BsreadChannel("Float64Scalar", "float64", List.of(1), false, "none"),
                new BsreadChannel("Float64Waveform", "float64", List.of(2048), false, "none"),
                new BsreadChannel("StringScalar", "string", List.of(1), false, "none"));
        assertThat(message.hash()).isEqualTo("5f62c6a8d0cb2ae4aa6fca597cc5ec48");
    }

    @Test
    void aTruncatedCompressedHeaderIsAClearError() {
        byte[] header = org.sfdw.spool.testing.Fixtures.bytes("bsread/bsread_dataheader_bslz4_000000_001.raw");
        assertThatThrownBy(() -> new BitshuffleLz4().decompress(java.util.Arrays.copyOf(header, 100), 1))
                .isInstanceOf(BsreadFormatException.class).hasMessageContaining("truncated or corrupt");
    }
}
