package org.sfdw.workers.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.sfdw.spool.RequestParameters.GENERAL;
import static org.sfdw.spool.RequestParameters.GENERAL_PREFIX;
import static org.sfdw.spool.RequestParameters.INCOMPLETE_DATA;
import static org.sfdw.spool.RequestParameters.NO_DATA;
import static org.sfdw.spool.RequestParameters.OUTPUT_FILE;
import static org.sfdw.spool.RequestParameters.OUTPUT_FILE_FORMAT;

/**
 * What a writer needs from a request's parameters: the output file, the {@code /general} values, the layout and any
 * per-request data policy.
 *
 * @param general        {@code general/created}, {@code general/instrument}, {@code general/process},
 *                       {@code general/user} by their dataset name under {@code /general}
 * @param noData         {@code no_data}, when the request sets it
 * @param incompleteData {@code incomplete_data}, when the request sets it
 * @param layoutNote     what the writer says when {@code output_file_format} is neither "extended" nor "compact"
 *                       (written extended, as the original did)
 */
public record FileParameters(Path outputFile, Map<String, String> general, FileLayout layout,
                             Optional<DataPolicy.NoData> noData, Optional<DataPolicy.IncompleteData> incompleteData,
                             Optional<String> layoutNote) {

    public FileParameters(Path outputFile, Map<String, String> general, FileLayout layout,
                          Optional<DataPolicy.NoData> noData, Optional<DataPolicy.IncompleteData> incompleteData) {
        this(outputFile, general, layout, noData, incompleteData, Optional.empty());
    }

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
        if (!node.hasNonNull(OUTPUT_FILE) || node.get(OUTPUT_FILE).asText().isBlank()) {
            throw new IllegalArgumentException("parameters have no output_file");
        }
        Map<String, String> general = new LinkedHashMap<>();
        for (String key : GENERAL) {
            JsonNode value = node.get(GENERAL_PREFIX + key);
            if (value == null || value.isNull()) {
                throw new IllegalArgumentException("parameters have no general/" + key);
            }
            general.put(key, value.asText());
        }
        JsonNode format = node.get(OUTPUT_FILE_FORMAT);
        String formatText = format == null || format.isNull() ? null : format.isTextual() ? format.asText()
                : format.toString();
        Optional<String> note = FileLayout.known(formatText) ? Optional.empty() : Optional.of("output_file_format "
                + (format.isTextual() ? "'" + formatText + "'" : formatText) + " is neither 'extended' nor 'compact': "
                + "written in the extended layout, as the original did");
        return new FileParameters(Path.of(node.get(OUTPUT_FILE).asText()), general,
                FileLayout.fromParameter(format != null && format.isTextual() ? formatText : null),
                text(node, NO_DATA).map(DataPolicy.NoData::fromParameter),
                text(node, INCOMPLETE_DATA).map(DataPolicy.IncompleteData::fromParameter), note);
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
            JsonNode file = mapper.readTree(parametersJson).get(OUTPUT_FILE);
            return file != null && file.isTextual() && !file.asText().isBlank()
                    ? Optional.of(Path.of(file.asText())) : Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The same parameters for the file at {@code place} (the checked real path of the output file). */
    public FileParameters at(Path place) {
        return new FileParameters(place, general, layout, noData, incompleteData, layoutNote);
    }

    public boolean isDevNull() {
        return outputFile.toString().equals(DEV_NULL);
    }
}
