package org.sfdw.rawevent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.spool.bsread.BitshuffleLz4;
import org.sfdw.spool.bsread.BsreadFormatException;
import org.sfdw.spool.json.ChannelShape;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Streams a rawevent body (data-api.md §6): big-endian framed messages, a header naming the channels, then values
 * messages with one event slot per channel. Holds one message at a time, so memory does not grow with the body.
 */
public final class RawEventReader {

    public static final short VALUES = 0;
    public static final short HEADER = 1;
    /** iocTime, pulseId, globalTime (8 bytes each), status and severity (1 byte each). */
    public static final int EVENT_HEAD_BYTES = 26;
    /** The largest message accepted: a row of all channels' events; more is a corrupt size field. */
    private static final long MAX_MESSAGE_BYTES = 1L << 30;

    /** Receives what the body holds, in order. */
    public interface Handler {

        /** A header: these channels' events fill the slots of the values messages that follow. */
        void header(List<RawEventChannel> channels) throws IOException;

        /**
         * One channel's event of a row.
         *
         * @param channel index into the last header's channels
         * @param value   the value's bytes between position and limit, in the channel's byte order, still
         *                compressed when the channel is; valid only during the call
         */
        void event(int channel, long pulseId, long globalTimeNanos, ByteBuffer value) throws IOException;
    }

    private final ObjectMapper mapper;
    private final BitshuffleLz4 bitshuffle = new BitshuffleLz4();

    public RawEventReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @return the number of messages read
     * @throws EOFException            when the body ends inside a message
     * @throws RawEventFormatException when the body is not rawevent
     */
    public long read(InputStream in, Handler handler) throws IOException {
        byte[] frame = new byte[10];
        byte[] body = new byte[64 * 1024];
        List<RawEventChannel> channels = null;
        long messages = 0;
        long offset = 0;
        while (true) {
            int got = in.readNBytes(frame, 0, frame.length);
            if (got == 0) {
                return messages;
            }
            if (got < frame.length) {
                throw new EOFException("the rawevent answer ended inside a message frame at byte " + (offset + got));
            }
            ByteBuffer head = ByteBuffer.wrap(frame);
            long size = head.getLong();
            short id = head.getShort();
            if (size < 2 || size - 2 > MAX_MESSAGE_BYTES) {
                throw new RawEventFormatException("message at byte " + offset + " declares " + size + " bytes");
            }
            int length = (int) (size - 2);
            // Grown as bytes arrive, not as declared: a corrupt size must not allocate a gigabyte before EOF.
            int received = 0;
            while (received < length) {
                if (body.length == received) {
                    body = java.util.Arrays.copyOf(body, (int) Math.min(length, Math.max(64 * 1024, 2L * body.length)));
                }
                int n = in.readNBytes(body, received, Math.min(length, body.length) - received);
                if (n == 0) {
                    throw new EOFException("the rawevent answer ended inside message " + messages + " (" + length
                            + " bytes from byte " + (offset + frame.length) + ")");
                }
                received += n;
            }
            ByteBuffer message = ByteBuffer.wrap(body, 0, length);
            switch (id) {
                case HEADER -> {
                    channels = header(message, offset);
                    handler.header(channels);
                }
                case VALUES -> {
                    if (channels == null) {
                        throw new RawEventFormatException("values message at byte " + offset + " before any header");
                    }
                    values(message, channels, handler, offset);
                }
                default -> {
                    // Unknown message kinds are skipped, as the format allows.
                }
            }
            messages++;
            offset += frame.length + length;
        }
    }

    private List<RawEventChannel> header(ByteBuffer message, long offset) {
        if (message.remaining() < 9) {
            throw new RawEventFormatException("header message at byte " + offset + " is too short");
        }
        message.getLong();  // the header's hash: clients ignore it
        byte compression = message.get();
        byte[] json = new byte[message.remaining()];
        message.get(json);
        JsonNode header;
        try {
            byte[] text = compression == 0 ? json : bitshuffle.decompress(json, 1);
            header = mapper.readTree(new String(text, StandardCharsets.UTF_8));
        } catch (IOException | BsreadFormatException e) {
            throw new RawEventFormatException("header message at byte " + offset + " does not hold JSON: "
                    + e.getMessage(), e);
        }
        if (header == null || !header.path("channels").isArray()) {
            throw new RawEventFormatException("header message at byte " + offset + " has no channel list");
        }
        List<RawEventChannel> channels = new ArrayList<>();
        for (JsonNode c : header.get("channels")) {
            String name = c.path("name").asText("");
            if (name.isEmpty()) {
                throw new RawEventFormatException("a channel in the header at byte " + offset + " has no name");
            }
            channels.add(new RawEventChannel(name, c.path("backend").asText(""),
                    c.path("type").asText("float64").toLowerCase(Locale.ROOT), ChannelShape.of(c),
                    "big".equals(c.path("encoding").asText()) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                    c.hasNonNull("compression")));
        }
        return channels;
    }

    private static void values(ByteBuffer message, List<RawEventChannel> channels, Handler handler, long offset)
            throws IOException {
        for (int i = 0; i < channels.size(); i++) {
            message.order(channels.get(i).order());
            if (message.remaining() < 4) {
                throw new RawEventFormatException("values message at byte " + offset + " has no slot for channel "
                        + channels.get(i).name());
            }
            int eventSize = message.getInt();
            if (eventSize == 0) {
                continue;
            }
            if (eventSize < EVENT_HEAD_BYTES || eventSize > message.remaining()) {
                throw new RawEventFormatException("values message at byte " + offset + ": channel "
                        + channels.get(i).name() + " has an event of " + eventSize + " bytes where "
                        + message.remaining() + " remain");
            }
            message.getLong();  // iocTime
            long pulseId = message.getLong();
            long globalTime = message.getLong();
            message.getShort();  // status and severity
            int end = message.position() + eventSize - EVENT_HEAD_BYTES;
            // The message itself, limited to the value, rather than a view per event: this runs once per event.
            int limit = message.limit();
            message.limit(end);
            handler.event(i, pulseId, globalTime, message);
            message.limit(limit).position(end);
        }
    }
}
