package org.sfdw.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.sfdw.service.ConfigSection;

import java.io.IOException;
import java.nio.file.Path;

/** What the command-line tools take from the broker's section of config.yml when not told otherwise. */
final class ConfiguredDefaults {

    private final JsonNode broker;

    ConfiguredDefaults(Path config) throws IOException {
        broker = ConfigSection.of("broker").read(config.toString());
    }

    Path spoolDirectory() {
        return Path.of(broker.path("spool").path("directory").asText("/var/lib/sfdw/spool"));
    }

    String brokerUrl() {
        JsonNode connector = broker.path("server").path("applicationConnectors").path(0);
        return "http://" + connector.path("bindHost").asText("127.0.0.1") + ":" + connector.path("port").asInt(10002);
    }
}
