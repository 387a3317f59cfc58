package org.sfdw.workers.dataapi;


import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.spool.json.ChannelShape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The writer's JSON parser up to issue 20, on Jackson's streaming parser: kept as the reference the byte-level
 * {@link DataApiResponseParser} is compared with ({@code JsonParsersDifferentialTest}). Every answer has to give
 * both the same calls on the consumer, and every damaged answer the same kind of refusal.
 */
final class JacksonResponseParser implements ResponseParser {

    private final JsonFactory factory;
    private final ObjectMapper mapper;

    JacksonResponseParser() {
        this.factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
                .build();
        this.mapper = new ObjectMapper(factory);
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
        EndTrackingInputStream tracked = new EndTrackingInputStream(body);
        try (JsonParser parser = factory.createParser(tracked)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                throw notAList(mapper.readTree(parser));
            }
            if (first != JsonToken.START_ARRAY) {
                throw new DataApiResponseException(first == null ? "Received data from data_api is empty"
                        : "response is not a JSON list but starts with " + first);
            }
            int seen = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                seen++;
                readChannel(parser, consumer, scratch);
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new DataApiResponseException("response list holds " + parser.currentToken()
                        + " where a channel object was expected");
            }
            if (seen == 0) {
                throw new DataApiResponseException("Received data from data_api is empty");
            }
            return seen;
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            // Jackson reports a body cut inside a list as a plain parse error: what matters is that it is at the end.
            if (e instanceof JsonEOFException || tracked.ended() && e.getLocation().getByteOffset() >= tracked.bytes()) {
                throw new TruncatedResponseException("the answer ended in the middle of its JSON after "
                        + tracked.bytes() + " bytes (truncated body)", e);
            }
            throw new DataApiResponseException("response is not valid JSON: " + e.getOriginalMessage()
                    + " at byte " + e.getLocation().getByteOffset(), e);
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

    private void readChannel(JsonParser parser, ResponseConsumer consumer, ScratchFile scratch) throws IOException {
        String name = null;
        JsonNode configs = null;
        Path heldData = null;
        boolean dataRead = false;
        try {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "channel" -> {
                        JsonNode node = mapper.readTree(parser);
                        name = node.isTextual() ? node.asText() : node.path("name").asText(null);
                    }
                    case "configs" -> configs = mapper.readTree(parser);
                    case "data" -> {
                        if (name != null && configs != null) {
                            readData(parser, consumer, name, configs);
                            dataRead = true;
                        } else {
                            heldData = hold(parser, scratch);
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (name == null) {
                throw new DataApiResponseException("a channel in the response has no name");
            }
            if (dataRead) {
                return;
            }
            if (heldData != null) {
                try (JsonParser held = factory.createParser(heldData.toFile())) {
                    held.nextToken();
                    readData(held, consumer, name, configs);
                }
            } else {
                readData(null, consumer, name, configs);
            }
        } finally {
            if (heldData != null) {
                Files.deleteIfExists(heldData);
            }
        }
    }

    private Path hold(JsonParser parser, ScratchFile scratch) throws IOException {
        Path file = scratch.create();
        try (JsonGenerator out = factory.createGenerator(file.toFile(), com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            out.copyCurrentStructure(parser);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    /** @param parser at the data list's START_ARRAY, or null when the channel had no data list */
    private void readData(JsonParser parser, ResponseConsumer consumer, String name, JsonNode configs)
            throws IOException {
        if (configs == null || !configs.isArray() || configs.isEmpty()) {
            consumer.channelWithoutConfig(name);
            if (parser != null) {
                parser.skipChildren();
            }
            return;
        }
        ChannelSchema schema = schemaOf(name, configs.get(0));
        ResponseConsumer.EventSink sink = consumer.channel(schema);
        if (parser != null) {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw new DataApiResponseException("channel " + name + ": 'data' is not a list");
            }
            int elements = schema.elementsPerEvent();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                readEvent(parser, schema, elements, sink);
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new DataApiResponseException("channel " + name + ": 'data' holds " + parser.currentToken()
                        + " where an event object was expected");
            }
        }
        sink.endChannel();
    }

    private static ChannelSchema schemaOf(String name, JsonNode config) {
        return ChannelSchema.fromDataApi(name, config.path("type").asText("float64"), ChannelShape.of(config));
    }

    private void readEvent(JsonParser parser, ChannelSchema schema, int elements, ResponseConsumer.EventSink sink)
            throws IOException {
        long pulseId = 0;
        boolean hasPulseId = false;
        String globalDate = null;
        int count = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "pulseId" -> {
                    pulseId = pulseIdOf(parser, token, schema);
                    hasPulseId = true;
                }
                case "globalDate" -> globalDate = parser.getValueAsString();
                case "value" -> count = readValue(parser, token, schema, sink, 0);
                default -> parser.skipChildren();
            }
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

    private static long pulseIdOf(JsonParser parser, JsonToken token, ChannelSchema schema) throws IOException {
        try {
            return switch (token) {
                case VALUE_NUMBER_INT -> parser.getLongValue();
                case VALUE_STRING -> Long.parseLong(parser.getText().strip());
                default -> throw new NumberFormatException(token.asString());
            };
        } catch (NumberFormatException | com.fasterxml.jackson.core.exc.InputCoercionException e) {
            throw new DataApiResponseException("channel " + schema.name() + ": pulseId " + parser.getText()
                    + " is not an integer", e);
        }
    }

    /** A scalar, a list, or nested lists (flattened), starting at element {@code index}; returns the next index. */
    private static int readValue(JsonParser parser, JsonToken token, ChannelSchema schema,
                                 ResponseConsumer.EventSink sink, int index) throws IOException {
        if (token == JsonToken.START_ARRAY) {
            int next = index;
            JsonToken element;
            while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                next = readValue(parser, element, schema, sink, next);
            }
            return next;
        }
        try {
            switch (token) {
                case VALUE_NUMBER_FLOAT -> sink.putDouble(index, parser.getDoubleValue());
                case VALUE_NUMBER_INT -> {
                    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        java.math.BigInteger big = parser.getBigIntegerValue();
                        if (schema.type().isFloatingPoint()) {
                            sink.putDouble(index, big.doubleValue());
                        } else {
                            sink.putLong(index, big.longValue());
                        }
                    } else {
                        sink.putLong(index, parser.getLongValue());
                    }
                }
                case VALUE_TRUE -> sink.putLong(index, 1);
                case VALUE_FALSE -> sink.putLong(index, 0);
                case VALUE_STRING -> putString(parser, schema, sink, index);
                default -> throw new DataApiResponseException("channel " + schema.name() + " ("
                        + schema.type().dataApiName() + ") has a value of JSON type " + token);
            }
        } catch (NumberFormatException e) {
            throw new DataApiResponseException("channel " + schema.name() + " (" + schema.type().dataApiName()
                    + "): value \"" + parser.getText() + "\" is not a number", e);
        }
        return index + 1;
    }

    private static void putString(JsonParser parser, ChannelSchema schema, ResponseConsumer.EventSink sink, int index)
            throws IOException {
        String text = parser.getText();
        if (schema.type() == ChannelType.STRING) {
            if (text.indexOf('\0') >= 0) {
                throw new DataApiResponseException("channel " + schema.name() + ": a string value holds a NUL "
                        + "character, which HDF5 variable-length strings cannot store");
            }
            sink.putText(index, text);
        } else {
            // The data api may quote non-finite numbers ("NaN", "Infinity"); numpy accepts those spellings too.
            sink.putDouble(index, Double.parseDouble(text.strip()));
        }
    }
}
