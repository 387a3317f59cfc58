package org.sfdw.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Hands a service one top-level section of a shared configuration file ({@code broker:}, {@code writer:},
 * {@code simulator:}), so that one {@code config.yml} configures the whole pipeline.
 */
public final class ConfigSection implements ConfigurationSourceProvider {

    private final ConfigurationSourceProvider file;
    private final String section;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final ObjectMapper json = new ObjectMapper();

    public ConfigSection(ConfigurationSourceProvider file, String section) {
        this.file = file;
        this.section = section;
    }

    /** One section of a configuration file on disk, with {@code ${VAR:-default}} taken from the environment. */
    public static ConfigSection of(String section) {
        return new ConfigSection(withEnvironment(new FileConfigurationSourceProvider()), section);
    }

    /** {@code source} with {@code ${VAR:-default}} taken from the environment (a variable without default stays). */
    static ConfigurationSourceProvider withEnvironment(ConfigurationSourceProvider source) {
        return new SubstitutingSourceProvider(source, new EnvironmentVariableSubstitutor(false));
    }

    @Override
    public InputStream open(String path) throws IOException {
        // JSON is YAML: Dropwizard's YAML parser reads the section back unchanged.
        return new ByteArrayInputStream(json.writeValueAsBytes(read(path)));
    }

    /** The section as a tree, for tools that need a few of its values. */
    public JsonNode read(String path) throws IOException {
        JsonNode root;
        try (InputStream in = file.open(path)) {
            root = yaml.readTree(in);
        }
        JsonNode node = root == null ? null : root.get(section);
        if (node == null || !node.isObject()) {
            throw new IOException("configuration file " + path + " has no '" + section + ":' section");
        }
        return node;
    }
}
