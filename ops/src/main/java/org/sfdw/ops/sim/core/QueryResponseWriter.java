package org.sfdw.ops.sim.core;

import com.fasterxml.jackson.core.JsonGenerator;
import org.sfdw.rawevent.RawEventChannel;
import org.sfdw.rawevent.RawEventWriter;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the data api's JSON answer (data-api.md §3) for a pulse range event by event, so a response of any
 * size costs no memory. A channel not in the catalog comes back with empty configs and data, as a real buffer may.
 */
public final class QueryResponseWriter {

    private final Map<String, SimulatedChannel> catalog;

    public QueryResponseWriter(Map<String, SimulatedChannel> catalog) {
        this.catalog = catalog;
    }

    public void write(JsonGenerator out, List<RequestedChannel> channels, long startPulseId, long endPulseId)
            throws IOException {
        out.writeStartArray();
        for (RequestedChannel requested : channels) {
            SimulatedChannel channel = catalog.get(requested.name());
            out.writeStartObject();
            out.writeObjectFieldStart("channel");
            out.writeStringField("name", requested.name());
            out.writeStringField("backend", requested.backend());
            out.writeEndObject();
            out.writeArrayFieldStart("configs");
            if (channel != null) {
                out.writeStartObject();
                out.writeStringField("type", channel.type());
                writeShape(out, channel);
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeArrayFieldStart("data");
            if (channel != null) {
                for (long pulse = startPulseId; pulse <= endPulseId; pulse++) {
                    if (channel.hasPulse(pulse)) {
                        writeEvent(out, channel, pulse);
                    }
                }
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        out.writeEndArray();
        out.flush();
    }

    /**
     * The same answer in rawevent (data-api.md §6): a header with the known channels (big-endian, as the recorded
     * sample), then one values message per pulse that any of them has. Unknown channels are left out of the header.
     */
    public void writeRawEvent(RawEventWriter out, List<RequestedChannel> channels, long startPulseId, long endPulseId)
            throws IOException {
        List<SimulatedChannel> known = new ArrayList<>();
        List<RawEventChannel> header = new ArrayList<>();
        for (RequestedChannel requested : channels) {
            SimulatedChannel channel = catalog.get(requested.name());
            if (channel != null) {
                known.add(channel);
                header.add(new RawEventChannel(channel.name(), requested.backend(), channel.type(), channel.shape(),
                        ByteOrder.BIG_ENDIAN, false));
            }
        }
        out.header(header);
        byte[][] row = new byte[known.size()][];
        for (long pulse = startPulseId; pulse <= endPulseId; pulse++) {
            boolean any = false;
            for (int c = 0; c < row.length; c++) {
                SimulatedChannel channel = known.get(c);
                row[c] = channel.hasPulse(pulse) ? binaryValue(channel, pulse) : null;
                any |= row[c] != null;
            }
            if (any) {
                out.row(pulse, SimulatedValues.globalNanos(pulse), row);
            }
        }
    }

    private static byte[] binaryValue(SimulatedChannel channel, long pulse) {
        String name = channel.name();
        if (channel.type().equals("string")) {
            return RawEventWriter.text(SimulatedValues.text(name, pulse, 0));
        }
        int n = channel.elementsPerEvent();
        ByteBuffer value = ByteBuffer.allocate(n * width(channel.type())).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i++) {
            switch (channel.type()) {
                case "bool" -> value.put((byte) (SimulatedValues.bool(name, pulse, i) ? 1 : 0));
                case "float32" -> value.putFloat((float) SimulatedValues.real("float32", name, pulse, i));
                case "float64" -> value.putDouble(SimulatedValues.real("float64", name, pulse, i));
                default -> {
                    long bits = SimulatedValues.integer(channel.type(), name, pulse, i);
                    switch (width(channel.type())) {
                        case 1 -> value.put((byte) bits);
                        case 2 -> value.putShort((short) bits);
                        case 4 -> value.putInt((int) bits);
                        default -> value.putLong(bits);
                    }
                }
            }
        }
        return value.array();
    }

    private static int width(String type) {
        return switch (type) {
            case "bool", "int8", "uint8" -> 1;
            case "int16", "uint16" -> 2;
            case "int32", "uint32", "float32" -> 4;
            default -> 8;
        };
    }

    /** A channel as the query named it; the backend is echoed back resolved. */
    public record RequestedChannel(String name, String backend) {
    }

    private static void writeShape(JsonGenerator out, SimulatedChannel channel) throws IOException {
        out.writeArrayFieldStart("shape");
        for (int d : channel.shape()) {
            out.writeNumber(d);
        }
        out.writeEndArray();
    }

    private static void writeEvent(JsonGenerator out, SimulatedChannel channel, long pulse) throws IOException {
        out.writeStartObject();
        out.writeNumberField("pulseId", pulse);
        out.writeStringField("globalDate", SimulatedValues.globalDate(pulse));
        writeShape(out, channel);
        out.writeFieldName("value");
        int n = channel.elementsPerEvent();
        if (n == 1 && channel.shape().size() == 1) {
            writeValue(out, channel, pulse, 0);
        } else {
            out.writeStartArray();
            for (int i = 0; i < n; i++) {
                writeValue(out, channel, pulse, i);
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    private static void writeValue(JsonGenerator out, SimulatedChannel channel, long pulse, int element)
            throws IOException {
        String name = channel.name();
        switch (channel.type()) {
            case "bool" -> out.writeBoolean(SimulatedValues.bool(name, pulse, element));
            case "string" -> out.writeString(SimulatedValues.text(name, pulse, element));
            case "float32" -> out.writeNumber((float) SimulatedValues.real("float32", name, pulse, element));
            case "float64" -> out.writeNumber(SimulatedValues.real("float64", name, pulse, element));
            case "uint64" -> out.writeNumber(new BigInteger(Long.toUnsignedString(
                    SimulatedValues.integer("uint64", name, pulse, element))));
            default -> out.writeNumber(SimulatedValues.integer(channel.type(), name, pulse, element));
        }
    }
}
