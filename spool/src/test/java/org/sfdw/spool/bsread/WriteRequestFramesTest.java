package org.sfdw.spool.bsread;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.query.DataApiQuery;
import org.sfdw.spool.testing.Fixtures;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bsread.md §7.3 test vector, against the frames the original Python broker really sent. */
class WriteRequestFramesTest {

    static final String PARAMETERS = "{\"general/created\": \"2018-06-08 14:04:00\", \"general/user\": \"p12345\", "
            + "\"general/process\": \"test_process\", \"general/instrument\": \"alvra\", "
            + "\"output_file\": \"/tmp/out/test.h5\"}";

    static WriteRequest testVector() {
        DataApiQuery query = new DataApiQuery(
                List.of(DataApiQuery.Channel.forName("CH:A"), DataApiQuery.Channel.forName("CAM:FPICTURE")),
                5721143344L, 5721143416L);
        return new WriteRequest(7, 1528459491.5, query.toJson(), PARAMETERS);
    }

    static List<byte[]> fixtureFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            frames.add(Fixtures.bytes("bsread/write_request_frames/frame" + i + ".bin"));
        }
        return frames;
    }

    @Test
    void withoutRequestIdsFramesAreByteIdenticalToTheOriginalBroker() {
        List<byte[]> ours = new WriteRequestFrames(false).encode(testVector(), 0, 1528459491L, 500_000_000L);
        List<byte[]> original = fixtureFrames();

        assertThat(ours).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertThat(ours.get(i)).as("frame %d: %s", i, new String(ours.get(i), StandardCharsets.UTF_8))
                    .isEqualTo(original.get(i));
        }
    }

    @Test
    void decodesTheOriginalBrokersFramesIntoARequestWithoutId() {
        WriteRequest decoded = WriteRequestFrames.decode(new BsreadDecoder(new ObjectMapper()).decode(fixtureFrames()));

        assertThat(decoded.hasId()).isFalse();
        assertThat(decoded.timestamp()).isEqualTo(1528459491.5);
        assertThat(decoded.parameters()).isEqualTo(PARAMETERS);
        assertThat(decoded.dataApiRequest()).isEqualTo(testVector().dataApiRequest());
    }

    @Test
    void requestIdSendingAndRerunTravelInExtraChannels() {
        WriteRequest rerun = testVector().asRerunOf(4);
        List<byte[]> frames = new WriteRequestFrames(true).encode(rerun, 2, 3, 1L, 2L);
        BsreadMessage message = new BsreadDecoder(new ObjectMapper()).decode(frames);

        assertThat(frames).hasSize(14);
        assertThat(message.pulseId()).isEqualTo(3);
        assertThat(message.channels()).extracting(BsreadChannel::name)
                .containsExactly("data_api_request", "parameters", "timestamp", "request_id", "delivery", "rerun_of");
        assertThat(WriteRequestFrames.decodeDelivery(message)).isEqualTo(new WriteRequestDelivery(rerun, 2));
        assertThat(WriteRequestFrames.decode(new BsreadDecoder(new ObjectMapper()).decode(
                new WriteRequestFrames(true).encode(testVector(), 3, 1L, 2L)))).as("the first sending, no re-run")
                .isEqualTo(testVector());
    }

    @Test
    void theOriginalsFramesCountNoSendings() {
        WriteRequestDelivery decoded = WriteRequestFrames.decodeDelivery(
                new BsreadDecoder(new ObjectMapper()).decode(fixtureFrames()));

        assertThat(decoded.number()).isEqualTo(WriteRequestDelivery.UNKNOWN);
        assertThat(decoded.request().rerunOf()).isEqualTo(WriteRequest.NO_ID);
    }

    @Test
    void aMessageWithoutParametersIsRejectedByName() {
        List<byte[]> frames = fixtureFrames();
        frames.set(4, new byte[0]);
        BsreadMessage message = new BsreadDecoder(new ObjectMapper()).decode(frames);

        assertThatThrownBy(() -> WriteRequestFrames.decode(message))
                .isInstanceOf(BsreadFormatException.class).hasMessageContaining("'parameters'");
    }
}
