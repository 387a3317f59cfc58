package org.sfdw.workers.dataapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.spool.json.ChannelShape;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a data-api JSON response (data-api.md §3) into a {@link ResponseConsumer}: values go from the bytes
 * straight to the consumer ({@link JsonByteReader}), so memory does not grow with the response. The small objects
 * ({@code channel}, {@code configs}, an error object) are handed to Jackson as trees.
 *
 * <p>Keys are matched by name in any order (the real samples differ). When a channel's {@code data} comes before its
 * name or {@code configs}, the data list is spooled to a scratch file beside the output and read back once its type is
 * known. Numbers are parsed as double (or exact integers) and converted afterwards, as the original did (§9a).
 *
 * <p>A body that ends early throws {@link TruncatedResponseException} (the caller treats it as transient); everything
 * else that is wrong with the body is a {@link DataApiResponseException}.
 */
public final class DataApiResponseParser implements ResponseParser {

    private static final byte[][] CHANNEL_MEMBERS = names("channel", "configs", "data");
    private static final int CHANNEL = 0;
    private static final int CONFIGS = 1;
    private static final int DATA = 2;
    private static final byte[][] EVENT_MEMBERS = names("pulseId", "globalDate", "value");
    private static final int PULSE_ID = 0;
    private static final int GLOBAL_DATE = 1;
    private static final int VALUE = 2;

    private final ObjectMapper mapper;

    public DataApiResponseParser() {
        this.mapper = new ObjectMapper(JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build());
    }

    private static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    /**
     * @param scratch          makes the file where a {@code data} list that arrives before its channel's
     *                         configuration is held
     * @return how many channel objects the response held
     * @throws DataApiResponseException when the body is not a non-empty list of channels with well-formed events
     * @throws TruncatedResponseException when the body ends in the middle
     * @throws IOException              when reading the body fails (e.g. the connection broke)
     */
    @Override
    public int parse(InputStream body, ResponseConsumer consumer, ScratchFile scratch) throws IOException {
        JsonByteReader json = new JsonByteReader(body);
        NumberRuns runs = new NumberRuns();
        int first = json.peek();
        if (first == '{') {
            throw notAList(tree(json.valueBytes()));
        }
        if (first == JsonByteReader.EOF) {
            throw new DataApiResponseException("Received data from data_api is empty");
        }
        if (first != '[') {
            throw new DataApiResponseException("response is not a JSON list but starts with " + describe(first));
        }
        json.openArray();
        int seen = 0;
        if (!json.arrayIsEmpty()) {
            do {
                int c = json.peek();
                if (c != '{') {
                    json.skipValue();
                    throw new DataApiResponseException("response list holds " + describe(c)
                            + " where a channel object was expected");
                }
                seen++;
                readChannel(json, consumer, scratch, runs);
            } while (json.moreElements());
        }
        if (seen == 0) {
            throw new DataApiResponseException("Received data from data_api is empty");
        }
        return seen;
    }

    private static String describe(int c) {
        return switch (c) {
            case '"' -> "a string";
            case '[' -> "a list";
            case '{' -> "an object";
            case 't', 'f' -> "a boolean";
            case 'n' -> "null";
            default -> c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : "byte 0x" + Integer.toHexString(c);
        };
    }

    private JsonNode tree(byte[] value) {
        try {
            return mapper.readTree(value);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new DataApiResponseException("response is not valid JSON: " + why, e);
        }
    }

    private static DataApiResponseException notAList(JsonNode object) {
        if (object.path("status").asInt() == 500) {
            return new DataApiResponseException("Server returned error: " + object);
        }
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return new DataApiResponseException("Server returned a dict (keys: " + keys + "), but a list was expected.");
    }

    private void readChannel(JsonByteReader json, ResponseConsumer consumer, ScratchFile scratch, NumberRuns runs)
            throws IOException {
        String name = null;
        JsonNode configs = null;
        Path heldData = null;
        boolean dataRead = false;
        try {
            json.openObject();
            if (!json.objectIsEmpty()) {
                do {
                    switch (json.memberName(CHANNEL_MEMBERS)) {
                        case CHANNEL -> {
                            JsonNode node = tree(json.valueBytes());
                            name = node.isTextual() ? node.asText() : node.path("name").asText(null);
                        }
                        case CONFIGS -> configs = tree(json.valueBytes());
                        case DATA -> {
                            if (name != null && configs != null) {
                                readData(json, consumer, name, configs, runs);
                                dataRead = true;
                            } else {
                                if (heldData != null) {
                                    Files.deleteIfExists(heldData);
                                }
                                heldData = hold(json, scratch);
                            }
                        }
                        default -> json.skipValue();
                    }
                } while (json.moreMembers());
            }
            if (name == null) {
                throw new DataApiResponseException("a channel in the response has no name");
            }
            if (dataRead) {
                return;
            }
            if (heldData != null) {
                try (InputStream held = Files.newInputStream(heldData)) {
                    readData(new JsonByteReader(held), consumer, name, configs, runs);
                }
            } else {
                readData(null, consumer, name, configs, runs);
            }
        } finally {
            if (heldData != null) {
                Files.deleteIfExists(heldData);
            }
        }
    }

    private static Path hold(JsonByteReader json, ScratchFile scratch) throws IOException {
        Path file = scratch.create();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            json.copyValue(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    /** @param json at the data list, or null when the channel had no data list */
    private static void readData(JsonByteReader json, ResponseConsumer consumer, String name, JsonNode configs,
                                 NumberRuns runs) throws IOException {
        if (configs == null || !configs.isArray() || configs.isEmpty()) {
            consumer.channelWithoutConfig(name);
            if (json != null) {
                json.skipValue();
            }
            return;
        }
        ChannelSchema schema = schemaOf(name, configs.get(0));
        ResponseConsumer.EventSink sink = consumer.channel(schema);
        if (json != null) {
            if (json.peek() != '[') {
                json.skipValue();
                throw new DataApiResponseException("channel " + name + ": 'data' is not a list");
            }
            json.openArray();
            if (!json.arrayIsEmpty()) {
                int elements = schema.elementsPerEvent();
                do {
                    int c = json.peek();
                    if (c != '{') {
                        json.skipValue();
                        throw new DataApiResponseException("channel " + name + ": 'data' holds " + describe(c)
                                + " where an event object was expected");
                    }
                    readEvent(json, schema, elements, sink, runs);
                } while (json.moreElements());
            }
        }
        sink.endChannel();
    }

    private static ChannelSchema schemaOf(String name, JsonNode config) {
        return ChannelSchema.fromDataApi(name, config.path("type").asText("float64"), ChannelShape.of(config));
    }

    private static void readEvent(JsonByteReader json, ChannelSchema schema, int elements,
                                  ResponseConsumer.EventSink sink, NumberRuns runs) throws IOException {
        long pulseId = 0;
        boolean hasPulseId = false;
        String globalDate = null;
        int count = -1;
        json.openObject();
        if (!json.objectIsEmpty()) {
            do {
                switch (json.memberName(EVENT_MEMBERS)) {
                    case PULSE_ID -> {
                        pulseId = pulseIdOf(json, schema);
                        hasPulseId = true;
                    }
                    case GLOBAL_DATE -> globalDate = dateOf(json, schema);
                    case VALUE -> count = readValue(json, schema, sink, 0, runs);
                    default -> json.skipValue();
                }
            } while (json.moreMembers());
        }
        if (!hasPulseId) {
            throw new DataApiResponseException("channel " + schema.name() + ": an event has no pulseId");
        }
        if (count != elements) {
            throw new DataApiResponseException("channel " + schema.name() + " pulse " + pulseId + ": "
                    + (count < 0 ? "no value" : count + " values") + ", but its shape " + schema.shape()
                    + " needs " + elements);
        }
        sink.endEvent(pulseId, globalDate);
    }

    private static long pulseIdOf(JsonByteReader json, ChannelSchema schema) throws IOException {
        int c = json.peek();
        String text;
        if (c == '"') {
            text = json.readString();
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new DataApiResponseException("channel " + schema.name() + ": pulseId \"" + text
                        + "\" is not an integer", e);
            }
        }
        if (startsNumber(c)) {
            json.readNumber();
            if (json.numberKind() == JsonByteReader.NumberKind.LONG) {
                return json.longValue();
            }
            text = json.numberKind() == JsonByteReader.NumberKind.DOUBLE ? Double.toString(json.doubleValue())
                    : json.bigValue().toString();
        } else {
            json.skipValue();
            text = describe(c);
        }
        throw new DataApiResponseException("channel " + schema.name() + ": pulseId " + text + " is not an integer");
    }

    /** The date as text; a number or a boolean as it is spelled (as Jackson's getValueAsString gave them). */
    private static String dateOf(JsonByteReader json, ChannelSchema schema) throws IOException {
        int c = json.peek();
        if (c == '"') {
            return json.readString();
        }
        if (c == '{' || c == '[') {
            json.skipValue();
            throw new DataApiResponseException("channel " + schema.name() + ": a globalDate is " + describe(c)
                    + ", not a string");
        }
        String spelled = new String(json.valueBytes(), StandardCharsets.ISO_8859_1);
        return spelled.equals("null") ? null : spelled;
    }

    private static boolean startsNumber(int c) {
        return c >= '0' && c <= '9' || c == '-' || c == 'N' || c == 'I' || c == '+';
    }

    /** A scalar, a list, or nested lists (flattened), starting at element {@code index}; returns the next index. */
    private static int readValue(JsonByteReader json, ChannelSchema schema, ResponseConsumer.EventSink sink,
                                 int index, NumberRuns runs) throws IOException {
        int c = json.peek();
        if (c == '[') {
            json.openArray();
            int next = index;
            if (!json.arrayIsEmpty()) {
                do {
                    int read = runs.read(json, schema, sink, next);
                    next = read > 0 ? next + read : readValue(json, schema, sink, next, runs);
                } while (json.moreElements());
            }
            return next;
        }
        if (startsNumber(c)) {
            json.readNumber();
            switch (json.numberKind()) {
                case DOUBLE -> sink.putDouble(index, json.doubleValue());
                case LONG -> sink.putLong(index, json.longValue());
                case BIG_INTEGER -> {
                    if (schema.type().isFloatingPoint()) {
                        sink.putDouble(index, json.bigValue().doubleValue());
                    } else {
                        sink.putLong(index, json.bigValue().longValue());
                    }
                }
            }
        } else if (c == '"') {
            putString(json.readString(), schema, sink, index);
        } else if (c == 't' || c == 'f' || c == 'n') {
            switch (json.readLiteral()) {
                case TRUE -> sink.putLong(index, 1);
                case FALSE -> sink.putLong(index, 0);
                case NULL -> throw wrongType(schema, "VALUE_NULL");
            }
        } else {
            json.skipValue();
            throw wrongType(schema, c == '{' ? "START_OBJECT" : describe(c));
        }
        return index + 1;
    }

    /**
     * The fast path of waveforms and images: a list's plain numbers read in runs straight from the bytes and handed
     * over a run at a time. Only the tokens that the general path would hand over alike: integers in integer and bool
     * channels, decimals in float channels. Scratch arrays of one parse.
     */
    private static final class NumberRuns {
        private final long[] longs = new long[1024];
        private final double[] doubles = new double[1024];

        /** @return how many elements were read, 0 when the next is not a plain number of the channel's kind */
        int read(JsonByteReader json, ChannelSchema schema, ResponseConsumer.EventSink sink, int index)
                throws IOException {
            int c = json.peek();
            if (c != '-' && (c < '0' || c > '9')) {
                return 0;
            }
            ChannelType type = schema.type();
            if (type.isFloatingPoint()) {
                int n = json.readPlainDecimals(doubles);
                if (n > 0) {
                    sink.putDoubles(index, doubles, n);
                }
                return n;
            }
            if (type == ChannelType.STRING) {
                return 0;
            }
            int n = json.readPlainIntegers(longs);
            if (n > 0) {
                sink.putLongs(index, longs, n);
            }
            return n;
        }
    }

    /** @param token what the value is, named as Jackson names its tokens (the message is the one it was before) */
    private static DataApiResponseException wrongType(ChannelSchema schema, String token) {
        return new DataApiResponseException("channel " + schema.name() + " (" + schema.type().dataApiName()
                + ") has a value of JSON type " + token);
    }

    private static void putString(String text, ChannelSchema schema, ResponseConsumer.EventSink sink, int index) {
        if (schema.type() == ChannelType.STRING) {
            if (text.indexOf('\0') >= 0) {
                throw new DataApiResponseException("channel " + schema.name() + ": a string value holds a NUL "
                        + "character, which HDF5 variable-length strings cannot store");
            }
            sink.putText(index, text);
        } else {
            try {
                // The data api may quote non-finite numbers ("NaN", "Infinity"); numpy accepts those spellings too.
                sink.putDouble(index, Double.parseDouble(text.strip()));
            } catch (NumberFormatException e) {
                throw new DataApiResponseException("channel " + schema.name() + " (" + schema.type().dataApiName()
                        + "): value \"" + text + "\" is not a number", e);
            }
        }
    }
}
