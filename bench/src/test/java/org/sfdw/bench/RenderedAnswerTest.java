package org.sfdw.bench;

import org.junit.jupiter.api.Test;
import org.sfdw.workers.dataapi.ChannelType;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writer benchmark's cases as an operator types them. */
class RenderedAnswerTest {

    @Test
    void casesNameChannelsShapePulsesAndOptionallyTheType() {
        assertThat(RenderedAnswer.parse("100x1x10000"))
                .isEqualTo(new RenderedAnswer(100, List.of(1), ChannelType.FLOAT64, 10_000));
        assertThat(RenderedAnswer.parse("5x1024x1000"))
                .isEqualTo(new RenderedAnswer(5, List.of(1024), ChannelType.FLOAT32, 1_000));
        assertThat(RenderedAnswer.parse("1x640_480x100:uint16"))
                .isEqualTo(new RenderedAnswer(1, List.of(640, 480), ChannelType.UINT16, 100));
        assertThat(RenderedAnswer.parse("1x640_480x100:uint16").label()).isEqualTo("1 x uint16[640,480]");
    }

    @Test
    void anythingElseIsRefusedWithTheExpectedForm() {
        for (String bad : List.of("100x1", "0x1x10", "1x0x10", "1x1x10:string", "ax1x1", "1x1x1:", "1x1x1:u:v")) {
            assertThatThrownBy(() -> RenderedAnswer.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CHANNELSxSHAPExPULSES[:TYPE]");
        }
    }
}
