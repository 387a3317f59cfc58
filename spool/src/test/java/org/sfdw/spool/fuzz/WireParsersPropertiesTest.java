package org.sfdw.spool.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.sfdw.spool.AuditLine;
import org.sfdw.spool.bsread.BsreadDecoder;
import org.sfdw.spool.bsread.BsreadFormatException;
import org.sfdw.spool.testing.Damage;
import org.sfdw.spool.testing.Fixtures;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire parsers fed damaged versions of real recorded input (bytes flipped, cut short): each either reads it or
 * refuses it with its own format error, naming what is wrong; none crashes with anything else, and none hangs
 * (every try is bounded by the input's size). Bounded tries, so it runs in the test suite.
 */
class WireParsersPropertiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] BSREAD_HEADER = Fixtures.bytes("bsread/bsread_dataheader_bslz4_000000_001.raw");
    private static final String AUDIT_LINE = "[20180608-140451] {\"data_api_request\": \"{\\\"channels\\\": "
            + "[{\\\"name\\\": \\\"A\\\"}], \\\"range\\\": {\\\"startPulseId\\\": 1, \\\"endPulseId\\\": 2}}\", "
            + "\"parameters\": \"{\\\"output_file\\\": \\\"/sf/run.h5\\\"}\", \"timestamp\": 1528459491.5}";

    @Property(tries = 400)
    void bsreadFramesAreDecodedOrRefusedWithAFormatError(
            @ForAll(supplier = Damage.Flips.class) List<Tuple.Tuple2<Integer, Byte>> flips,
            @ForAll(supplier = Damage.Cuts.class) int cut, @ForAll("frameIndex") int frame) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            frames.add(Fixtures.bytes("bsread/write_request_frames/frame" + i + ".bin"));
        }
        frames.set(frame, Damage.apply(frames.get(frame), flips, cut));
        try {
            assertThat(new BsreadDecoder(MAPPER).decode(frames)).isNotNull();
        } catch (BsreadFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Integer> frameIndex() {
        return Arbitraries.integers().between(0, 7);
    }

    @Property(tries = 200)
    void aCompressedDataHeaderDamagedIsRefusedWithAFormatError(
            @ForAll(supplier = Damage.Flips.class) List<Tuple.Tuple2<Integer, Byte>> flips,
            @ForAll(supplier = Damage.Cuts.class) int cut) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(("{\"htype\": \"bsr_m-1.1\", \"hash\": \"x\", \"pulse_id\": 1, \"dh_compression\": "
                + "\"bitshuffle_lz4\"}").getBytes());
        frames.add(Damage.apply(BSREAD_HEADER, flips, cut));
        try {
            new BsreadDecoder(MAPPER).decode(frames);
        } catch (BsreadFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void auditLinesParseOrSayWhichPartIsWrong(@ForAll("lineDamage") Tuple.Tuple2<Integer, String> edit) {
        int at = edit.get1() % (AUDIT_LINE.length() + 1);
        String line = AUDIT_LINE.substring(0, at) + edit.get2() + AUDIT_LINE.substring(Math.min(AUDIT_LINE.length(),
                at + edit.get2().length()));
        try {
            assertThat(AuditLine.parse(line, MAPPER).parameters()).isNotNull();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Integer, String>> lineDamage() {
        return Arbitraries.integers().greaterOrEqual(0).flatMap(at -> Arbitraries.strings().all().ofMaxLength(6)
                .map(text -> Tuple.of(at, text)));
    }
}
