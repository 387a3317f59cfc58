package org.sfdw.workers.dataapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.rawevent.RawEventChannel;
import org.sfdw.rawevent.RawEventFormatException;
import org.sfdw.rawevent.RawEventReader;
import org.sfdw.spool.bsread.BitshuffleLz4;
import org.sfdw.spool.bsread.BsreadFormatException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a rawevent answer (data-api.md §6) into a {@link ResponseConsumer}: values go from the message straight
 * into the channel's block, byte-swapped when the channel is big-endian, with no number parsing. Channels are
 * interleaved row by row, so every channel's sink is open at once. {@code global_date} is printed from the event's
 * global time as the JSON answer would have it. One thread at a time (a writer has one worker): the date text of the
 * last second is kept between events.
 */
final class RawEventResponseParser implements ResponseParser {

    private final ObjectMapper mapper;
    private final GlobalDates dates;
    private final BitshuffleLz4 bitshuffle = new BitshuffleLz4();

    RawEventResponseParser(ObjectMapper mapper, GlobalDates dates) {
        this.mapper = mapper;
        this.dates = dates;
    }

    /** A channel being written, and how its current header sends it. */
    private record Open(ChannelSchema schema, ResponseConsumer.EventSink sink, int valueBytes, RawEventChannel wire) {
    }

    @Override
    public int parse(InputStream body, ResponseConsumer consumer, ScratchFile scratch) throws IOException {
        Map<String, Open> open = new LinkedHashMap<>();
        List<Open> slots = new ArrayList<>();
        RawEventReader.Handler handler = new RawEventReader.Handler() {
            @Override
            public void header(List<RawEventChannel> channels) throws IOException {
                slots.clear();
                for (RawEventChannel channel : channels) {
                    ChannelSchema schema = schemaOf(channel);
                    Open known = open.get(channel.name());
                    if (known != null && !known.schema().equals(schema)) {
                        throw new DataApiResponseException("channel " + channel.name() + " changed from "
                                + known.schema().type().dataApiName() + known.schema().shape() + " to "
                                + schema.type().dataApiName() + schema.shape() + " within one answer");
                    }
                    ResponseConsumer.EventSink sink = known != null ? known.sink() : consumer.channel(schema);
                    Open now = new Open(schema, sink, schema.elementsPerEvent() * schema.type().bytes(), channel);
                    open.put(channel.name(), now);
                    slots.add(now);
                }
            }

            @Override
            public void event(int channel, long pulseId, long globalTimeNanos, ByteBuffer value) throws IOException {
                Open slot = slots.get(channel);
                ByteBuffer bytes = slot.wire().compressed() ? decompress(slot, value) : value;
                if (slot.schema().type() == ChannelType.STRING) {
                    byte[] text = new byte[bytes.remaining()];
                    bytes.get(text);
                    slot.sink().putText(0, new String(text, StandardCharsets.UTF_8));
                } else if (bytes.remaining() != slot.valueBytes()) {
                    throw new DataApiResponseException("channel " + slot.schema().name() + " pulse " + pulseId + ": "
                            + bytes.remaining() + " value bytes, but " + slot.schema().type().dataApiName()
                            + slot.schema().shape() + " needs " + slot.valueBytes());
                } else {
                    slot.sink().putRaw(bytes);
                }
                slot.sink().endEvent(pulseId, dates.format(globalTimeNanos));
            }
        };
        try {
            new RawEventReader(mapper).read(body, handler);
        } catch (EOFException e) {
            throw new TruncatedResponseException(e.getMessage() + " (truncated body)", e);
        } catch (RawEventFormatException e) {
            throw new DataApiResponseException("response is not valid rawevent: " + e.getMessage(), e);
        }
        if (open.isEmpty()) {
            throw new DataApiResponseException("Received data from data_api is empty");
        }
        for (Open channel : open.values()) {
            channel.sink().endChannel();
        }
        return open.size();
    }

    private ByteBuffer decompress(Open slot, ByteBuffer value) {
        byte[] blob = new byte[value.remaining()];
        value.get(blob);
        try {
            return ByteBuffer.wrap(bitshuffle.decompress(blob, Math.max(1, slot.schema().type().bytes())))
                    .order(slot.wire().order());
        } catch (BsreadFormatException e) {
            throw new DataApiResponseException("channel " + slot.schema().name() + ": " + e.getMessage(), e);
        }
    }

    private static ChannelSchema schemaOf(RawEventChannel channel) {
        ChannelSchema schema = ChannelSchema.fromDataApi(channel.name(), channel.type(), channel.shape());
        if (schema.type() == ChannelType.STRING && schema.elementsPerEvent() != 1) {
            throw new DataApiResponseException("channel " + channel.name() + ": string arrays cannot be read from "
                    + "rawevent (ask for JSON)");
        }
        return schema;
    }
}
