package org.sfdw.ops.sim.core;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.math.BigInteger;
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
