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
}
