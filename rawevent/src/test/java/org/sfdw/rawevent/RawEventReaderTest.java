package org.sfdw.rawevent;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sfdw.spool.testing.Fixtures;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawEventReaderTest {

    private final ObjectMapper mapper = new ObjectMapper();

    /** What a handler saw, one line per call. */
    private static final class Recorder implements RawEventReader.Handler {
        final List<List<RawEventChannel>> headers = new ArrayList<>();
        final List<Long> pulses = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();
        final List<Integer> channels = new ArrayList<>();

        @Override
        public void header(List<RawEventChannel> channels) {
            headers.add(channels);
        }

        @Override
        public void event(int channel, long pulseId, long globalTimeNanos, ByteBuffer value) {
            channels.add(channel);
            pulses.add(pulseId);
            times.add(globalTimeNanos);
            byte[] bytes = new byte[value.remaining()];
            value.get(bytes);
            values.add(bytes);
        }
    }

    @Test
    void theRecordedSampleDecodesExactly() throws Exception {
        Recorder seen = new Recorder();
        byte[] sample = Fixtures.bytes("data-api/rawevent_out.bin");
        assertThat(sample).hasSize(26_674);

        long messages = new RawEventReader(mapper).read(new ByteArrayInputStream(sample), seen);

        assertThat(messages).isEqualTo(601);
        assertThat(seen.headers).containsExactly(List.of(new RawEventChannel("SINEG01-RCIR-PUP10:SIG-AMPLT-MAX",
                "sf-databuffer", "uint32", List.of(1), ByteOrder.BIG_ENDIAN, false)));
        assertThat(seen.pulses).hasSize(600).startsWith(4_754_510_140L).endsWith(4_754_516_130L);
        for (int i = 1; i < seen.pulses.size(); i++) {
            assertThat(seen.pulses.get(i) - seen.pulses.get(i - 1)).isEqualTo(10);
        }
        assertThat(seen.times.get(0)).isEqualTo(1_518_789_316_929_510_140L);
        assertThat(seen.channels).containsOnly(0);
        assertThat(seen.values).allSatisfy(v -> assertThat(v).hasSize(4));
        assertThat(ByteBuffer.wrap(seen.values.get(0)).getInt()).isEqualTo(1583);
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBackWithGapsAndBothByteOrders() throws Exception {
        List<RawEventChannel> channels = List.of(
                new RawEventChannel("A", "sf-databuffer", "int16", List.of(3), ByteOrder.BIG_ENDIAN, false),
                new RawEventChannel("B", "sf-databuffer", "float64", List.of(1), ByteOrder.LITTLE_ENDIAN, false));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        RawEventWriter writer = new RawEventWriter(body, mapper);
        writer.header(channels);
        byte[] a = ByteBuffer.allocate(6).order(ByteOrder.BIG_ENDIAN).putShort((short) 1).putShort((short) -2)
                .putShort((short) 300).array();
        byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5).array();
        writer.row(100, 1_000_000_000L, new byte[][]{a, b});
        writer.row(101, 1_010_000_000L, new byte[][]{null, b});

        Recorder seen = new Recorder();
        assertThat(new RawEventReader(mapper).read(new ByteArrayInputStream(body.toByteArray()), seen)).isEqualTo(3);

        assertThat(seen.headers).containsExactly(channels);
        assertThat(seen.channels).containsExactly(0, 1, 1);
        assertThat(seen.pulses).containsExactly(100L, 100L, 101L);
        assertThat(seen.times).containsExactly(1_000_000_000L, 1_000_000_000L, 1_010_000_000L);
        assertThat(seen.values.get(0)).isEqualTo(a);
        assertThat(ByteBuffer.wrap(seen.values.get(2)).order(ByteOrder.LITTLE_ENDIAN).getDouble()).isEqualTo(2.5);
    }

    @Test
    void aBodyCutAnywhereIsATruncationAndGarbageIsAFormatError() throws IOException {
        byte[] sample = Fixtures.bytes("data-api/rawevent_out.bin");
        for (int cut : new int[]{5, 9, 200, 300, sample.length - 1}) {
            assertThatThrownBy(() -> new RawEventReader(mapper).read(
                    new ByteArrayInputStream(Arrays.copyOf(sample, cut)), new Recorder()))
                    .as("cut at %d", cut).isInstanceOf(EOFException.class).hasMessageContaining("ended inside");
        }
        byte[] valuesFirst = Arrays.copyOfRange(sample, 0x112, sample.length);
        assertThatThrownBy(() -> new RawEventReader(mapper).read(new ByteArrayInputStream(valuesFirst),
                new Recorder())).isInstanceOf(RawEventFormatException.class).hasMessageContaining("before any header");
        byte[] json = "[{\"channel\": \"x\"}]".getBytes();
        assertThatThrownBy(() -> new RawEventReader(mapper).read(new ByteArrayInputStream(json), new Recorder()))
                .isInstanceOf(RawEventFormatException.class).hasMessageContaining("declares");
    }
}
