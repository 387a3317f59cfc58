package org.sfdw.rawevent;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tuple;
import org.sfdw.spool.testing.Damage;
import org.sfdw.spool.testing.Fixtures;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader fed damaged versions of the recorded rawevent answer (bytes flipped, cut short): it reads it or refuses
 * it as truncated or malformed, naming what is wrong; nothing else escapes, and it cannot report more events than
 * the bytes could hold.
 */
class RawEventReaderPropertiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] RAWEVENT = Fixtures.bytes("data-api/rawevent_out.bin");

    @Property(tries = 400)
    void raweventIsReadOrRefusedAsTruncatedOrMalformed(
            @ForAll(supplier = Damage.Flips.class) List<Tuple.Tuple2<Integer, Byte>> flips,
            @ForAll(supplier = Damage.Cuts.class) int cut) {
        byte[] input = Damage.apply(RAWEVENT, flips, cut);
        AtomicLong events = new AtomicLong();
        try {
            new RawEventReader(MAPPER).read(new ByteArrayInputStream(input), new RawEventReader.Handler() {
                @Override
                public void header(List<RawEventChannel> channels) {
                    assertThat(channels).isNotNull();
                }

                @Override
                public void event(int channel, long pulseId, long globalTimeNanos, ByteBuffer value) {
                    assertThat(value.remaining()).isNotNegative();
                    events.incrementAndGet();
                }
            });
        } catch (EOFException | RawEventFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (java.io.IOException e) {
            throw new AssertionError("an in-memory body cannot fail to read", e);
        }
        assertThat(events.get()).isLessThanOrEqualTo(input.length / 4);
    }
}
