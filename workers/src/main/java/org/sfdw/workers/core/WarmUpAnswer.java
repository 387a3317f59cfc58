package org.sfdw.workers.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.rawevent.RawEventChannel;
import org.sfdw.rawevent.RawEventWriter;
import org.sfdw.workers.dataapi.ResponseFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer a writer rehearses on before its first request: the usual acquisition in small, float64 and int64
 * scalars and a float32 waveform, with values as long as real ones print, in the format the writer asks for.
 */
final class WarmUpAnswer {

    static final long FIRST_PULSE = 1_000_000;
    static final int PULSES = 2_000;
    private static final int FLOAT_SCALARS = 20;
    private static final int INT_SCALARS = 2;
    private static final int WAVEFORM = 64;
    /** The time of every event: the JSON answer's globalDate in Europe/Zurich, so both formats make the same file. */
    private static final long TIME = 1_528_459_491_551_143_344L;

    private WarmUpAnswer() {
    }

    static byte[] render(ResponseFormat format, ObjectMapper mapper) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8 << 20);
            if (format == ResponseFormat.JSON) {
                json(out, mapper);
            } else {
                rawEvent(out, mapper);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering into memory cannot fail", e);
        }
    }

    private static double scalar(int channel, int pulse) {
        return Math.sin(pulse * 0.001 + channel) * 1234.5678;
    }

    private static float sample(int pulse, int element) {
        return (float) Math.cos(pulse * 0.01 + element * 0.1);
    }

    private static void json(ByteArrayOutputStream stream, ObjectMapper mapper) throws IOException {
        try (JsonGenerator out = mapper.getFactory().createGenerator(stream, JsonEncoding.UTF8)) {
            out.writeStartArray();
            for (int ch = 0; ch < FLOAT_SCALARS + INT_SCALARS + 1; ch++) {
                boolean waveform = ch == FLOAT_SCALARS + INT_SCALARS;
                String type = waveform ? "float32" : ch < FLOAT_SCALARS ? "float64" : "int64";
                out.writeStartObject();
                out.writeObjectFieldStart("channel");
                out.writeStringField("name", "SFDW:WARM-UP:" + ch);
                out.writeStringField("backend", "sf-databuffer");
                out.writeEndObject();
                out.writeArrayFieldStart("configs");
                out.writeStartObject();
                out.writeStringField("type", type);
                out.writeArrayFieldStart("shape");
                out.writeNumber(waveform ? WAVEFORM : 1);
                out.writeEndArray();
                out.writeEndObject();
                out.writeEndArray();
                out.writeArrayFieldStart("data");
                for (int p = 0; p < PULSES; p++) {
                    out.writeStartObject();
                    out.writeNumberField("pulseId", FIRST_PULSE + p);
                    out.writeStringField("globalDate", "2018-06-08T14:04:51.551143344+02:00");
                    out.writeFieldName("value");
                    if (waveform) {
                        out.writeStartArray();
                        for (int e = 0; e < WAVEFORM; e++) {
                            out.writeNumber(sample(p, e));
                        }
                        out.writeEndArray();
                    } else if (ch < FLOAT_SCALARS) {
                        out.writeNumber(scalar(ch, p));
                    } else {
                        out.writeNumber(FIRST_PULSE * 7 + p);
                    }
                    out.writeEndObject();
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
        }
    }

    private static void rawEvent(ByteArrayOutputStream out, ObjectMapper mapper) throws IOException {
        RawEventWriter writer = new RawEventWriter(out, mapper);
        List<RawEventChannel> header = new ArrayList<>();
        int channels = FLOAT_SCALARS + INT_SCALARS + 1;
        for (int ch = 0; ch < channels; ch++) {
            boolean waveform = ch == channels - 1;
            header.add(new RawEventChannel("SFDW:WARM-UP:" + ch, "sf-databuffer",
                    waveform ? "float32" : ch < FLOAT_SCALARS ? "float64" : "int64", List.of(waveform ? WAVEFORM : 1),
                    ByteOrder.BIG_ENDIAN, false));
        }
        writer.header(header);
        byte[][] row = new byte[channels][];
        for (int p = 0; p < PULSES; p++) {
            for (int ch = 0; ch < channels; ch++) {
                ByteBuffer value;
                if (ch == channels - 1) {
                    value = ByteBuffer.allocate(WAVEFORM * 4);
                    for (int e = 0; e < WAVEFORM; e++) {
                        value.putFloat(sample(p, e));
                    }
                } else {
                    value = ByteBuffer.allocate(8);
                    if (ch < FLOAT_SCALARS) {
                        value.putDouble(scalar(ch, p));
                    } else {
                        value.putLong(FIRST_PULSE * 7 + p);
                    }
                }
                row[ch] = value.array();
            }
            writer.row(FIRST_PULSE + p, TIME, row);
        }
    }
}
