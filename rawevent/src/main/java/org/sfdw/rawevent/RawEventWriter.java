package org.sfdw.rawevent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a rawevent body (data-api.md §6), as a data api answers {@code "format": "rawevent"}: a header (JSON not
 * compressed), then one values message per row. Uncompressed values only; a row is written as soon as it is given.
 */
public final class RawEventWriter {

    private final OutputStream out;
    private final ObjectMapper mapper;
    private List<RawEventChannel> channels = List.of();
    private ByteBuffer message = ByteBuffer.allocate(64 * 1024);

    public RawEventWriter(OutputStream out, ObjectMapper mapper) {
        this.out = out;
        this.mapper = mapper;
    }

    public void header(List<RawEventChannel> channels) throws IOException {
        this.channels = List.copyOf(channels);
        ObjectNode header = mapper.createObjectNode();
        header.putArray("eventSerializerIds").add(0);
        ArrayNode list = header.putArray("channels");
        for (RawEventChannel c : channels) {
            ObjectNode node = list.addObject().put("name", c.name()).put("backend", c.backend()).put("type", c.type())
                    .put("encoding", c.order() == ByteOrder.BIG_ENDIAN ? "big" : "little");
            ArrayNode shape = node.putArray("shape");
            c.shape().forEach(shape::add);
            if (c.compressed()) {
                throw new IllegalArgumentException("this writer sends values uncompressed; channel " + c.name()
                        + " is marked compressed");
            }
        }
        byte[] json = mapper.writeValueAsBytes(header);
        ByteBuffer frame = ByteBuffer.allocate(8 + 2 + 8 + 1 + json.length);
        frame.putLong(2 + 8 + 1 + json.length).putShort(RawEventReader.HEADER).putLong(0).put((byte) 0).put(json);
        out.write(frame.array());
    }

    /**
     * One row: for each channel of the header, in its order, the value's bytes in the channel's byte order, or
     * null when the channel has no event for this pulse.
     */
    public void row(long pulseId, long globalTimeNanos, byte[][] values) throws IOException {
        if (values.length != channels.size()) {
            throw new IllegalArgumentException(values.length + " values for " + channels.size() + " channels");
        }
        int size = 2;
        for (byte[] value : values) {
            size += 4 + (value == null ? 0 : RawEventReader.EVENT_HEAD_BYTES + value.length);
        }
        if (message.capacity() < 8 + size) {
            message = ByteBuffer.allocate(Math.max(8 + size, message.capacity() * 2));
        }
        message.clear();
        message.order(ByteOrder.BIG_ENDIAN).putLong(size).putShort(RawEventReader.VALUES);
        for (int i = 0; i < values.length; i++) {
            message.order(channels.get(i).order());
            if (values[i] == null) {
                message.putInt(0);
                continue;
            }
            message.putInt(RawEventReader.EVENT_HEAD_BYTES + values[i].length)
                    .putLong(globalTimeNanos).putLong(pulseId).putLong(globalTimeNanos).put((byte) 0).put((byte) 0)
                    .put(values[i]);
        }
        out.write(message.array(), 0, message.position());
    }

    /** A UTF-8 string value as this writer and sfdw's reader exchange it (the format leaves strings open). */
    public static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
