package org.sfdw.spool.bsread;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.spool.json.ChannelShape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the frames of one bsread multipart message (bsread.md §2-§6). Keeps the last data header by its hash,
 * as the reference receivers do, but only after it parsed: a bad header does not poison the cache.
 * One instance per receiving socket; not thread-safe.
 */
public final class BsreadDecoder {

    private final ObjectMapper mapper;
    private final BitshuffleLz4 bitshuffle = new BitshuffleLz4();
    private String cachedHash;
    private List<BsreadChannel> cachedChannels;

    public BsreadDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public BsreadMessage decode(List<byte[]> frames) {
        if (frames.isEmpty()) {
            throw new BsreadFormatException("empty message");
        }
        JsonNode main = parseJson(frames.get(0), "main header");
        String htype = main.path("htype").asText("");
        if (!htype.startsWith("bsr_m")) {
            throw new BsreadFormatException("main header htype is '" + htype + "', expected bsr_m-1.1");
        }
        if (frames.size() < 2) {
            throw new BsreadFormatException("message has no data header frame");
        }
        String hash = main.path("hash").asText("");
        List<BsreadChannel> channels = channelsFor(hash, main.path("dh_compression").asText("none"), frames.get(1));
        int valueFrames = frames.size() - 2;
        if (valueFrames < 2 * channels.size() - 1) {
            throw new BsreadFormatException("data header declares " + channels.size() + " channels but the message "
                    + "has " + valueFrames + " value/timestamp frames");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < channels.size(); i++) {
            byte[] value = frames.get(2 + 2 * i);
            if (value.length > 0) {
                values.put(channels.get(i).name(), decodeValue(channels.get(i), value));
            }
        }
        return new BsreadMessage(main.path("pulse_id").asLong(), hash, channels, values);
    }

    private List<BsreadChannel> channelsFor(String hash, String compression, byte[] dataHeader) {
        if (cachedChannels != null && !hash.isEmpty() && hash.equals(cachedHash)) {
            return cachedChannels;
        }
        JsonNode header = parseJson(decompressHeader(dataHeader, compression), "data header");
        JsonNode channelNodes = header.path("channels");
        if (!channelNodes.isArray()) {
            throw new BsreadFormatException("data header has no 'channels' list");
        }
        List<BsreadChannel> channels = new ArrayList<>(channelNodes.size());
        for (JsonNode c : channelNodes) {
            if (!c.hasNonNull("name")) {
                throw new BsreadFormatException("data header channel without a name: " + c);
            }
            channels.add(new BsreadChannel(
                    c.get("name").asText(),
                    c.path("type").asText("float64").toLowerCase(java.util.Locale.ROOT),
                    ChannelShape.of(c),
                    c.path("encoding").asText("little").contains("big"),
                    c.path("compression").asText("none")));
        }
        cachedHash = hash;
        cachedChannels = channels;
        return channels;
    }

    private byte[] decompressHeader(byte[] frame, String compression) {
        return switch (compression) {
            case "none", "" -> frame;
            case "bitshuffle_lz4" -> bitshuffle.decompress(frame, 1);
            default -> throw new BsreadFormatException("data header compression '" + compression
                    + "' is not supported (bitshuffle_lz4 and none are)");
        };
    }

    private Object decodeValue(BsreadChannel channel, byte[] value) {
        if (!"none".equals(channel.compression())) {
            return value;
        }
        ByteBuffer buf = ByteBuffer.wrap(value).order(channel.bigEndian() ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        try {
            return switch (channel.type()) {
                case "string" -> new String(value, StandardCharsets.UTF_8);
                case "bool" -> (value[0] & 1) != 0;
                case "int8" -> (long) buf.get();
                case "uint8" -> (long) (buf.get() & 0xff);
                case "int16" -> (long) buf.getShort();
                case "uint16" -> (long) (buf.getShort() & 0xffff);
                case "int32" -> (long) buf.getInt();
                case "uint32" -> buf.getInt() & 0xffffffffL;
                case "int64", "uint64" -> buf.getLong();
                case "float32" -> (double) buf.getFloat();
                case "float64", "float" -> buf.getDouble();
                default -> value;
            };
        } catch (java.nio.BufferUnderflowException e) {
            throw new BsreadFormatException("value of channel '" + channel.name() + "' has " + value.length
                    + " bytes, too few for type " + channel.type(), e);
        }
    }

    private JsonNode parseJson(byte[] frame, String what) {
        try {
            return mapper.readTree(frame);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BsreadFormatException(what + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BsreadFormatException("cannot read " + what + ": " + e, e);
        }
    }
}
