package org.sfdw.ingest.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.sfdw.spool.RequestParameters.GENERAL_PREFIX;
import static org.sfdw.spool.RequestParameters.INCOMPLETE_DATA;
import static org.sfdw.spool.RequestParameters.INCOMPLETE_DATA_CHOICES;
import static org.sfdw.spool.RequestParameters.NO_DATA;
import static org.sfdw.spool.RequestParameters.NO_DATA_CHOICES;
import static org.sfdw.spool.RequestParameters.OUTPUT_FILE;
import static org.sfdw.spool.RequestParameters.OUTPUT_FILE_FORMAT;
import static org.sfdw.spool.RequestParameters.OUTPUT_FILE_FORMATS;

/** The parameters DIA posts for an acquisition, validated: the mandatory keys of the original, and the optional ones. */
public final class AcquisitionParameters {

    public static final String CHANNELS = "channels";
    /** In the original's order, which its error messages name. */
    public static final List<String> REQUIRED = List.of(GENERAL_PREFIX + "created", GENERAL_PREFIX + "user",
            GENERAL_PREFIX + "process", GENERAL_PREFIX + "instrument", OUTPUT_FILE);

    private final ObjectNode values;

    private AcquisitionParameters(ObjectNode values) {
        this.values = values;
    }

    /** @throws RejectedException naming every missing or malformed key */
    public static AcquisitionParameters validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new RejectedException("parameters must be a JSON object");
        }
        List<String> missing = REQUIRED.stream().filter(key -> !body.hasNonNull(key)).toList();
        if (!missing.isEmpty()) {
            throw new RejectedException("missing mandatory parameters " + missing + "; mandatory are " + REQUIRED);
        }
        List<String> notText = REQUIRED.stream().filter(key -> !body.get(key).isTextual()).toList();
        if (!notText.isEmpty()) {
            throw new RejectedException("parameters " + notText + " must be strings");
        }
        if (body.get(OUTPUT_FILE).asText().isBlank()) {
            throw new RejectedException("output_file is empty");
        }
        checkChoice(body, OUTPUT_FILE_FORMAT, OUTPUT_FILE_FORMATS);
        checkChoice(body, NO_DATA, NO_DATA_CHOICES);
        checkChoice(body, INCOMPLETE_DATA, INCOMPLETE_DATA_CHOICES);
        JsonNode channels = body.get(CHANNELS);
        if (channels != null) {
            if (!channels.isArray()) {
                throw new RejectedException("channels must be a list of channel names");
            }
            for (JsonNode c : channels) {
                if (!c.isTextual() || c.asText().isBlank()) {
                    throw new RejectedException("channels must be a list of channel names, found " + c);
                }
            }
        }
        return new AcquisitionParameters(((ObjectNode) body).deepCopy());
    }

    private static void checkChoice(JsonNode body, String key, List<String> choices) {
        JsonNode value = body.get(key);
        if (value != null && !(value.isTextual() && choices.contains(value.asText()))) {
            throw new RejectedException(key + " must be one of " + choices + ", not " + value);
        }
    }

    public ObjectNode values() {
        return values.deepCopy();
    }

    public String outputFile() {
        return values.get(OUTPUT_FILE).asText();
    }

    /** The acquisition's own channel list, which replaces the channels file for it. */
    public Optional<List<String>> channels() {
        JsonNode channels = values.get(CHANNELS);
        if (channels == null) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        channels.forEach(c -> names.add(c.asText()));
        return Optional.of(names);
    }
}
