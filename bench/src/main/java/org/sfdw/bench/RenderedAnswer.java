package org.sfdw.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.workers.core.SyntheticAnswer;
import org.sfdw.workers.dataapi.ChannelSchema;
import org.sfdw.workers.dataapi.ChannelType;
import org.sfdw.workers.dataapi.ResponseFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A case of the writer benchmarks: {@code channels} channels of one type and shape x {@code pulses}, rendered as a
 * {@link SyntheticAnswer} (values as long as real ones print) in JSON or rawevent.
 *
 * @param shape bsread order, as the data api's {@code shape}: [1] scalar, [N] waveform, [W, H] image
 */
public record RenderedAnswer(int channels, List<Integer> shape, ChannelType type, int pulses) {

    public static final long FIRST_PULSE = SyntheticAnswer.FIRST_PULSE;

    public RenderedAnswer {
        shape = List.copyOf(shape);
    }

    /** float64 scalars for one element, float32 waveforms for more. */
    public RenderedAnswer(int channels, int elements, int pulses) {
        this(channels, List.of(elements), elements == 1 ? ChannelType.FLOAT64 : ChannelType.FLOAT32, pulses);
    }

    /**
     * {@code CHANNELSxSHAPExPULSES[:TYPE]}, SHAPE as {@code 1024} or {@code 640_480}, TYPE float64 (the default for
     * scalars), float32 (for arrays), int64 or uint16: e.g. {@code 100x1x10000}, {@code 1x640_480x100:uint16}.
     */
    public static RenderedAnswer parse(String text) {
        String[] typed = text.split(":", -1);
        String[] parts = typed[0].split("x", -1);
        try {
            if (parts.length == 3 && typed.length <= 2) {
                int channels = Integer.parseInt(parts[0]);
                List<Integer> shape = Arrays.stream(parts[1].split("_", -1)).map(Integer::valueOf).toList();
                int pulses = Integer.parseInt(parts[2]);
                int elements = shape.stream().reduce(1, Math::multiplyExact);
                ChannelType type = typed.length == 2 ? ChannelType.fromDataApi(typed[1])
                        : elements == 1 ? ChannelType.FLOAT64 : ChannelType.FLOAT32;
                if (channels > 0 && pulses > 0 && shape.stream().allMatch(d -> d > 0)
                        && List.of(ChannelType.FLOAT64, ChannelType.FLOAT32, ChannelType.INT64, ChannelType.UINT16)
                        .contains(type)) {
                    return new RenderedAnswer(channels, shape, type, pulses);
                }
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            // reported below, with the expected form
        }
        throw new IllegalArgumentException("'" + text + "' is not a case: CHANNELSxSHAPExPULSES[:TYPE], each above "
                + "0, SHAPE as 1024 or 640_480, TYPE float64, float32, int64 or uint16; e.g. 100x1x10000");
    }

    static List<RenderedAnswer> parseAll(List<String> texts) {
        return texts.stream().map(RenderedAnswer::parse).toList();
    }

    int elements() {
        return shape.stream().reduce(1, Math::multiplyExact);
    }

    /** Names the case's answer files; changes when the rendering does. */
    String key() {
        return channels + "x" + String.join("_", shape.stream().map(String::valueOf).toList()) + "x" + pulses + "-"
                + type.dataApiName() + "-v2";
    }

    String label() {
        return channels + " x " + type.dataApiName() + (elements() == 1 ? "" : shape.toString().replace(" ", ""));
    }

    private SyntheticAnswer answer() {
        List<ChannelSchema> schemas = new ArrayList<>();
        for (int ch = 0; ch < channels; ch++) {
            schemas.add(new ChannelSchema("BENCH:CH" + ch, type, shape));
        }
        return new SyntheticAnswer(schemas, pulses);
    }

    public void writeJson(OutputStream out) throws IOException {
        answer().write(ResponseFormat.JSON, out, new ObjectMapper());
    }

    void writeRawEvent(OutputStream out) throws IOException {
        answer().write(ResponseFormat.RAWEVENT, out, new ObjectMapper());
    }
}
