package org.sfdw.workers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a writer needs from a request's parameters: the output file, the {@code /general} values, the layout and any
 * per-request data policy.
 *
 * @param general        {@code general/created}, {@code general/instrument}, {@code general/process},
 *                       {@code general/user} by their dataset name under {@code /general}
 * @param noData         {@code no_data}, when the request sets it
 * @param incompleteData {@code incomplete_data}, when the request sets it
 */
public record FileParameters(Path outputFile, Map<String, String> general, FileLayout layout,
                             Optional<DataPolicy.NoData> noData, Optional<DataPolicy.IncompleteData> incompleteData) {

    public static final List<String> GENERAL = List.of("created", "instrument", "process", "user");
    public static final String DEV_NULL = "/dev/null";

    /**
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static FileParameters parse(String parametersJson, ObjectMapper mapper) {
        JsonNode node;
        try {
            node = mapper.readTree(parametersJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("parameters are not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!node.hasNonNull("output_file") || node.get("output_file").asText().isBlank()) {
            throw new IllegalArgumentException("parameters have no output_file");
        }
        Map<String, String> general = new LinkedHashMap<>();
        for (String key : GENERAL) {
            JsonNode value = node.get("general/" + key);
            if (value == null || value.isNull()) {
                throw new IllegalArgumentException("parameters have no general/" + key);
            }
            general.put(key, value.asText());
        }
        JsonNode format = node.get("output_file_format");
        return new FileParameters(Path.of(node.get("output_file").asText()), general,
                FileLayout.fromParameter(format == null ? null : format.asText()),
                text(node, "no_data").map(DataPolicy.NoData::fromParameter),
                text(node, "incomplete_data").map(DataPolicy.IncompleteData::fromParameter));
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /** This request's policy: its own choices over the writer's defaults. */
    public DataPolicy policy(DataPolicy defaults) {
        return new DataPolicy(noData.orElse(defaults.noData()), incompleteData.orElse(defaults.incompleteData()));
    }

    /** Reads only {@code output_file}, for an {@code .err} file when the rest of the parameters are unusable. */
    public static Optional<Path> outputFileOf(String parametersJson, ObjectMapper mapper) {
        try {
            JsonNode file = mapper.readTree(parametersJson).get("output_file");
            return file != null && file.isTextual() && !file.asText().isBlank()
                    ? Optional.of(Path.of(file.asText())) : Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    public boolean isDevNull() {
        return outputFile.toString().equals(DEV_NULL);
    }
}
