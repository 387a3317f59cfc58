package org.sfdw.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.rawevent.RawEventChannel;
import org.sfdw.rawevent.RawEventWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A data-api answer rendered for the benchmarks: {@code channels} x {@code elements} per event (1: float64 scalars,
 * more: float32 waveforms) x {@code pulses}, from {@link #FIRST_PULSE} on, in JSON or rawevent.
 */
public record RenderedAnswer(int channels, int elements, int pulses) {

    public static final long FIRST_PULSE = 1_000_000;

    /** {@code CHANNELSxELEMENTSxPULSES}, e.g. {@code 100x1x10000}, as the benchmarks' arguments name a case. */
    static RenderedAnswer parse(String text) {
        String[] parts = text.split("x", -1);
        try {
            if (parts.length == 3) {
                RenderedAnswer answer = new RenderedAnswer(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2]));
                if (answer.channels > 0 && answer.elements > 0 && answer.pulses > 0) {
                    return answer;
                }
            }
        } catch (NumberFormatException e) {
            // reported below, with the expected form
        }
        throw new IllegalArgumentException("'" + text + "' is not a case: CHANNELSxELEMENTSxPULSES, each above 0, "
                + "e.g. 100x1x10000");
    }

    static List<RenderedAnswer> parseAll(List<String> texts) {
        return texts.stream().map(RenderedAnswer::parse).toList();
    }

    String label() {
        return channels + " x " + (elements == 1 ? "1 (float64)" : elements + " (float32)");
    }

    /** Values as long as real ones print (the recorded sample's float32 values take 8-10 digits). */
    private double value(int channel, int pulse, int element) {
        return elements == 1 ? Math.sin(pulse * 0.001 + channel) * 1234.5678
                : (float) Math.sin(pulse * 0.01 + element * 0.1 + channel);
    }

    /**
     * Not the simulator's answers: its values are short and exact in JSON, so MB/s measured on them would not
     * compare with real answers.
     */
    public void writeJson(OutputStream stream) throws IOException {
        try (JsonGenerator out = new JsonFactory().createGenerator(stream, JsonEncoding.UTF8)) {
            out.writeStartArray();
            for (int ch = 0; ch < channels; ch++) {
                out.writeStartObject();
                out.writeObjectFieldStart("channel");
                out.writeStringField("name", "BENCH:CH" + ch);
                out.writeStringField("backend", "sf-databuffer");
                out.writeEndObject();
                out.writeArrayFieldStart("configs");
                out.writeStartObject();
                out.writeStringField("type", elements == 1 ? "float64" : "float32");
                out.writeArrayFieldStart("shape");
                out.writeNumber(elements);
                out.writeEndArray();
                out.writeEndObject();
                out.writeEndArray();
                out.writeArrayFieldStart("data");
                for (int p = 0; p < pulses; p++) {
                    out.writeStartObject();
                    out.writeNumberField("pulseId", FIRST_PULSE + p);
                    out.writeStringField("globalDate", "2018-06-08T14:04:51.551143344+02:00");
                    out.writeFieldName("value");
                    if (elements == 1) {
                        out.writeNumber(value(ch, p, 0));
                    } else {
                        out.writeStartArray();
                        for (int e = 0; e < elements; e++) {
                            out.writeNumber((float) value(ch, p, e));
                        }
                        out.writeEndArray();
                    }
                    out.writeEndObject();
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
        }
    }

    /** The same values in rawevent, big-endian as the recorded sample: one row per pulse, all channels in it. */
    void writeRawEvent(OutputStream out) throws IOException {
        RawEventWriter writer = new RawEventWriter(out, new ObjectMapper());
        List<RawEventChannel> header = new ArrayList<>();
        for (int ch = 0; ch < channels; ch++) {
            header.add(new RawEventChannel("BENCH:CH" + ch, "sf-databuffer",
                    elements == 1 ? "float64" : "float32", List.of(elements), ByteOrder.BIG_ENDIAN, false));
        }
        writer.header(header);
        byte[][] row = new byte[channels][];
        for (int p = 0; p < pulses; p++) {
            for (int ch = 0; ch < channels; ch++) {
                ByteBuffer value = ByteBuffer.allocate(elements * (elements == 1 ? 8 : 4));
                for (int e = 0; e < elements; e++) {
                    if (elements == 1) {
                        value.putDouble(value(ch, p, e));
                    } else {
                        value.putFloat((float) value(ch, p, e));
                    }
                }
                row[ch] = value.array();
            }
            writer.row(FIRST_PULSE + p, 1_528_459_491_551_143_344L + p * 10_000_000L, row);
        }
    }
}
