package org.sfdw.workers.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.rawevent.RawEventChannel;
import org.sfdw.rawevent.RawEventWriter;
import org.sfdw.workers.dataapi.ChannelSchema;
import org.sfdw.workers.dataapi.ChannelType;
import org.sfdw.workers.dataapi.GlobalDates;
import org.sfdw.workers.dataapi.ResponseFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A data-api answer made up for the writer's rehearsal and the benchmarks, in JSON or rawevent (big-endian, as the
 * recorded sample): every channel has every pulse from {@link #FIRST_PULSE} on, 10 ms apart from the recorded
 * sample's time on, and the JSON dates print those times in Europe/Zurich, so both formats make the same file there.
 * Not the simulator's answers: their values are short and exact in JSON, these print as long as real ones (float64
 * scalars 17 digits, float32 8-10).
 *
 * @param channels float64, float32, int64 and uint16 channels, of any shape
 */
public record SyntheticAnswer(List<ChannelSchema> channels, int pulses) {

    public static final long FIRST_PULSE = 1_000_000;
    private static final long FIRST_TIME = 1_528_459_491_551_143_344L;
    private static final long PULSE_PERIOD_NANOS = 10_000_000L;

    public SyntheticAnswer {
        channels = List.copyOf(channels);
    }

    public byte[] render(ResponseFormat format, ObjectMapper mapper) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
            write(format, out, mapper);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering into memory cannot fail", e);
        }
    }

    public void write(ResponseFormat format, OutputStream out, ObjectMapper mapper) throws IOException {
        if (format == ResponseFormat.JSON) {
            writeJson(out, mapper);
        } else {
            writeRawEvent(out, mapper);
        }
    }

    private static long time(int pulse) {
        return FIRST_TIME + pulse * PULSE_PERIOD_NANOS;
    }

    private static int elements(ChannelSchema channel) {
        return channel.shape().stream().reduce(1, Math::multiplyExact);
    }

    private static double value(int channel, int pulse, int element, ChannelType type) {
        return switch (type) {
            case FLOAT64 -> Math.sin(pulse * 0.001 + channel) * 1234.5678;
            case FLOAT32 -> (float) Math.sin(pulse * 0.01 + element * 0.1 + channel);
            case INT64 -> FIRST_PULSE * 7 + pulse + channel;
            // A camera's dark pixels: below 100, 2.9 bytes a value in JSON, near the camera answer (2.7).
            case UINT16 -> (pulse * 31 + element * 7 + channel) % 100;
            default -> throw new IllegalArgumentException("no made-up values for " + type.dataApiName());
        };
    }

    private void writeJson(OutputStream stream, ObjectMapper mapper) throws IOException {
        try (JsonGenerator out = mapper.getFactory().createGenerator(stream, JsonEncoding.UTF8)) {
            GlobalDates dates = new GlobalDates(ZoneId.of("Europe/Zurich"));
            out.writeStartArray();
            for (int ch = 0; ch < channels.size(); ch++) {
                ChannelSchema channel = channels.get(ch);
                out.writeStartObject();
                out.writeObjectFieldStart("channel");
                out.writeStringField("name", channel.name());
                out.writeStringField("backend", "sf-databuffer");
                out.writeEndObject();
                out.writeArrayFieldStart("configs");
                out.writeStartObject();
                out.writeStringField("type", channel.type().dataApiName());
                out.writeArrayFieldStart("shape");
                for (int dimension : channel.shape()) {
                    out.writeNumber(dimension);
                }
                out.writeEndArray();
                out.writeEndObject();
                out.writeEndArray();
                out.writeArrayFieldStart("data");
                int elements = elements(channel);
                for (int p = 0; p < pulses; p++) {
                    out.writeStartObject();
                    out.writeNumberField("pulseId", FIRST_PULSE + p);
                    out.writeStringField("globalDate", dates.format(time(p)));
                    out.writeFieldName("value");
                    if (elements > 1) {
                        out.writeStartArray();
                    }
                    for (int e = 0; e < elements; e++) {
                        writeNumber(out, value(ch, p, e, channel.type()), channel.type());
                    }
                    if (elements > 1) {
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

    private static void writeNumber(JsonGenerator out, double value, ChannelType type) throws IOException {
        switch (type) {
            case FLOAT64 -> out.writeNumber(value);
            case FLOAT32 -> out.writeNumber((float) value);
            default -> out.writeNumber((long) value);
        }
    }

    /** One row per pulse, all channels in it. */
    private void writeRawEvent(OutputStream out, ObjectMapper mapper) throws IOException {
        RawEventWriter writer = new RawEventWriter(out, mapper);
        List<RawEventChannel> header = new ArrayList<>();
        for (ChannelSchema channel : channels) {
            header.add(new RawEventChannel(channel.name(), "sf-databuffer", channel.type().dataApiName(),
                    channel.shape(), ByteOrder.BIG_ENDIAN, false));
        }
        writer.header(header);
        byte[][] row = new byte[channels.size()][];
        for (int p = 0; p < pulses; p++) {
            for (int ch = 0; ch < channels.size(); ch++) {
                ChannelSchema channel = channels.get(ch);
                int elements = elements(channel);
                ByteBuffer value = ByteBuffer.allocate(elements * channel.type().bytes());
                for (int e = 0; e < elements; e++) {
                    double v = value(ch, p, e, channel.type());
                    switch (channel.type()) {
                        case FLOAT64 -> value.putDouble(v);
                        case FLOAT32 -> value.putFloat((float) v);
                        case UINT16 -> value.putShort((short) v);
                        default -> value.putLong((long) v);
                    }
                }
                row[ch] = value.array();
            }
            writer.row(FIRST_PULSE + p, time(p), row);
        }
    }
}
