package org.sfdw.workers.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a data-api JSON response (data-api.md §3) with Jackson's streaming parser into {@link ChannelData}.
 *
 * <p>Keys are matched by name in any order (the real samples differ). Values go straight into typed columns when the
 * channel's type is already known; a {@code data} list that comes before {@code configs} is held as a tree until it is.
 * Numbers are parsed as double and narrowed later, as the original did (data-api.md §9a).
 */
public final class DataApiResponseReader {

    private static final Logger LOG = LoggerFactory.getLogger(DataApiResponseReader.class);

    private final JsonFactory factory;
    private final ObjectMapper mapper;

    public DataApiResponseReader() {
        this.factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    /**
     * @throws DataApiResponseException when the body is not a non-empty list of channels with well-formed events
     * @throws IOException              when reading the body fails (e.g. the connection broke)
     */
    public List<ChannelData> read(InputStream body) throws IOException {
        try (JsonParser parser = factory.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                throw notAList(mapper.readTree(parser));
            }
            if (first != JsonToken.START_ARRAY) {
                throw new DataApiResponseException("response is not a JSON list but starts with " + first);
            }
            List<ChannelData> channels = new ArrayList<>();
            int seen = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                seen++;
                readChannel(parser).ifPresent(channels::add);
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new DataApiResponseException("response list holds " + parser.currentToken()
                        + " where a channel object was expected");
            }
            if (seen == 0) {
                throw new DataApiResponseException("Received data from data_api is empty");
            }
            return channels;
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw new DataApiResponseException("response is not valid JSON: " + e.getOriginalMessage(), e);
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

    private Optional<ChannelData> readChannel(JsonParser parser) throws IOException {
        String name = null;
        ChannelData channel = null;
        JsonNode configs = null;
        JsonNode bufferedData = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "channel" -> {
                    JsonNode node = mapper.readTree(parser);
                    name = node.isTextual() ? node.asText() : node.path("name").asText(null);
                }
                case "configs" -> {
                    configs = mapper.readTree(parser);
                    channel = channelFrom(name, configs);
                    if (channel != null && bufferedData != null) {
                        readEvents(channel, mapper.treeAsTokens(bufferedData));
                        bufferedData = null;
                    }
                }
                case "data" -> {
                    if (channel != null) {
                        readEvents(channel, parser);
                    } else {
                        bufferedData = mapper.readTree(parser);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (name == null) {
            throw new DataApiResponseException("a channel in the response has no name");
        }
        if (configs == null || !configs.isArray() || configs.isEmpty()) {
            LOG.warn("Channel {} has no configuration in the response (not in the data buffer?); it is left out", name);
            return Optional.empty();
        }
        if (channel == null) {
            // "channel" came after "configs": build it now and read any data that was held back.
            channel = channelFrom(name, configs);
            if (bufferedData != null) {
                readEvents(channel, mapper.treeAsTokens(bufferedData));
            }
        }
        return Optional.of(channel);
    }

    private static ChannelData channelFrom(String name, JsonNode configs) {
        if (name == null || !configs.isArray() || configs.isEmpty()) {
            return null;
        }
        JsonNode config = configs.get(0);
        ChannelType type;
        try {
            type = ChannelType.fromDataApi(config.path("type").asText("float64"));
        } catch (IllegalArgumentException e) {
            throw new DataApiResponseException("channel " + name + ": " + e.getMessage(), e);
        }
        List<Integer> shape = new ArrayList<>();
        config.path("shape").forEach(d -> shape.add(d.asInt()));
        if (shape.isEmpty()) {
            shape.add(1);
        }
        if (shape.stream().anyMatch(d -> d < 1)) {
            throw new DataApiResponseException("channel " + name + " has an invalid shape " + shape);
        }
        return new ChannelData(name, type, shape);
    }

    private void readEvents(ChannelData channel, JsonParser parser) throws IOException {
        if (parser.currentToken() == null) {
            parser.nextToken();
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new DataApiResponseException("channel " + channel.name() + ": 'data' is not a list");
        }
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            readEvent(channel, parser);
        }
    }

    private void readEvent(ChannelData channel, JsonParser parser) throws IOException {
        Long pulseId = null;
        String globalDate = null;
        int valuesBefore = channel.values().size();
        boolean hasValue = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "pulseId" -> pulseId = token == JsonToken.VALUE_STRING ? Long.parseLong(parser.getText())
                        : parser.getLongValue();
                case "globalDate" -> globalDate = parser.getValueAsString();
                case "value" -> {
                    hasValue = true;
                    readValue(channel, parser);
                }
                default -> parser.skipChildren();
            }
        }
        if (pulseId == null) {
            throw new DataApiResponseException("channel " + channel.name() + ": an event has no pulseId");
        }
        int count = channel.values().size() - valuesBefore;
        if (!hasValue || count != channel.elementsPerEvent()) {
            throw new DataApiResponseException("channel " + channel.name() + " pulse " + pulseId + ": "
                    + (hasValue ? count + " values" : "no value") + ", but its shape " + channel.shape()
                    + " needs " + channel.elementsPerEvent());
        }
        channel.addEvent(pulseId, globalDate == null ? "0" : globalDate);
    }

    /** A scalar, a list, or nested lists (flattened) of values. */
    private void readValue(ChannelData channel, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_ARRAY) {
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                readValue(channel, parser);
            }
            return;
        }
        ValueColumn values = channel.values();
        try {
            switch (channel.type().storage()) {
                case LONG -> values.addLong(longValue(parser, token));
                case DOUBLE -> values.addDouble(doubleValue(parser, token));
                case TEXT -> {
                    if (token == JsonToken.VALUE_NULL) {
                        throw wrongType(channel, token);
                    }
                    values.addText(parser.getText());
                }
            }
        } catch (NumberFormatException | com.fasterxml.jackson.core.exc.InputCoercionException e) {
            throw new DataApiResponseException("channel " + channel.name() + " (" + channel.type().dataApiName()
                    + "): value " + parser.getText() + " does not fit", e);
        }
    }

    private static long longValue(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_TRUE -> 1;
            case VALUE_FALSE -> 0;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue().longValue() : parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> (long) parser.getDoubleValue();
            default -> throw new NumberFormatException("not a number: " + token);
        };
    }

    private static double doubleValue(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue().doubleValue() : (double) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_STRING -> Double.parseDouble(parser.getText());
            case VALUE_TRUE -> 1;
            case VALUE_FALSE -> 0;
            default -> throw new NumberFormatException("not a number: " + token);
        };
    }

    private static DataApiResponseException wrongType(ChannelData channel, JsonToken token) {
        return new DataApiResponseException("channel " + channel.name() + " (" + channel.type().dataApiName()
                + ") has a value of JSON type " + token);
    }
}
