package org.sfdw.ingest;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sfdw.spool.Durability;
import org.sfdw.spool.Spool;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.testing.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DropwizardExtensionsSupport.class)
class BrokerApiTest {

    private static final Path SPOOL = tempDir();
    private static final String PARAMETERS = "{\"general/created\":\"2026-11-24 10:00:00\",\"general/user\":\"p12345\","
            + "\"general/process\":\"test\",\"general/instrument\":\"alvra\",\"output_file\":\"/data/run1.h5\","
            + "\"channels\":[\"SAR:A\",\"SAR:B\",\"CAM1:FPICTURE\"]}";

    static final DropwizardAppExtension<BrokerConfiguration> APP = new DropwizardAppExtension<>(
            BrokerApplication.class, ResourceHelpers.resourceFilePath("broker-test.yml"),
            ConfigOverride.config("spool.directory", SPOOL.toString()),
            ConfigOverride.config("stream.bindAddress", "tcp://127.0.0.1:" + FreePort.pick()));

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("sfdw-broker-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void reset() {
        call("GET", "/stop", null).close();
    }

    private Response call(String method, String path, String body) {
        var request = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + path).request();
        return body == null ? request.method(method) : request.method(method, Entity.entity(body, MediaType.APPLICATION_JSON));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(Response response) {
        assertThat(response.getStatus()).isEqualTo(200);
        return response.readEntity(Map.class);
    }

    private List<WriteRequest> spooled() {
        try (Spool spool = Spool.open(SPOOL, Durability.NONE)) {
            return spool.readAll();
        }
    }

    @Test
    void stopSpoolsTheOriginalRequestsBeforeAnsweringAndNamesTheirIds() {
        int before = spooled().size();
        assertThat(json(call("POST", "/parameters", PARAMETERS))).containsEntry("state", "ok")
                .containsEntry("status", "configured").containsKey("parameters");
        assertThat(call("PUT", "/start_pulse_id/5721143344", "").getStatus()).isEqualTo(200);
        assertThat(json(call("GET", "/status", null))).containsEntry("status", "receiving");

        Response stop = call("PUT", "/stop_pulse_id/5721143416", "");

        assertThat(stop.getStatus()).isEqualTo(200);
        assertThat(stop.readEntity(String.class)).isEmpty();
        List<WriteRequest> requests = spooled().subList(before, spooled().size());
        assertThat(requests).hasSize(2);
        assertThat(stop.getHeaderString("X-Request-Ids"))
                .isEqualTo(requests.get(0).id() + "," + requests.get(1).id());
        assertThat(requests.get(0).dataApiRequest()).isEqualTo("{\"channels\": [{\"name\": \"SAR:A\", \"backend\": "
                + "\"sf-databuffer\"}, {\"name\": \"SAR:B\", \"backend\": \"sf-databuffer\"}], \"range\": "
                + "{\"startPulseId\": 5721143344, \"endPulseId\": 5721143416}, \"response\": {\"format\": \"json\", "
                + "\"compression\": \"none\"}, \"eventFields\": [\"channel\", \"pulseId\", \"value\", \"shape\", "
                + "\"globalDate\"], \"configFields\": [\"type\", \"shape\"]}");
        assertThat(requests.get(0).parameters()).startsWith("{\"general/created\": \"2026-11-24 10:00:00\", ")
                .contains("\"output_file\": \"/data/run1.h5\"");
        assertThat(requests.get(1).dataApiRequest())
                .startsWith("{\"channels\": [{\"name\": \"CAM1:FPICTURE\", \"backend\": \"sf-imagebuffer\"}]");
        assertThat(requests.get(1).parameters()).contains("\"output_file\": \"/data/run1.h5_CAM1.h5\"");
        assertThat(requests.get(0).timestamp()).isCloseTo(System.currentTimeMillis() / 1000.0,
                org.assertj.core.data.Offset.offset(60.0));
        assertThat(json(call("GET", "/status", null))).containsEntry("status", "stopped");
    }

    @Test
    void missingParametersAreNamedAndChangeNothing() {
        Map<String, Object> reply = json(call("POST", "/parameters", "{\"output_file\":\"/data/x.h5\"}"));

        assertThat(reply).containsEntry("state", "error");
        assertThat((String) reply.get("status")).contains("general/created", "general/user", "general/process",
                "general/instrument").doesNotContain("output_file,");
        assertThat(json(call("GET", "/status", null))).containsEntry("status", "stopped");
        assertThat(json(call("POST", "/parameters", "{not json"))).containsEntry("state", "error");
    }

    @Test
    void badPulseIdsAreRefusedAndLeaveTheAcquisitionRunning() {
        int before = spooled().size();
        json(call("POST", "/parameters", PARAMETERS));
        call("PUT", "/start_pulse_id/1000", "").close();

        assertThat(json(call("PUT", "/stop_pulse_id/abc", ""))).containsEntry("state", "error")
                .containsEntry("status", "stop_pulse_id must be a whole number, got 'abc'");
        assertThat(json(call("PUT", "/stop_pulse_id/-5", ""))).containsEntry("state", "error");
        assertThat(json(call("PUT", "/stop_pulse_id/999", ""))).containsEntry("state", "error")
                .containsEntry("status", "stop_pulse_id 999 is before start_pulse_id 1000");

        assertThat(json(call("GET", "/status", null))).containsEntry("status", "receiving");
        assertThat(spooled()).hasSize(before);
    }

    @Test
    void stopWithoutStartIsIgnored() {
        int before = spooled().size();
        json(call("POST", "/parameters", PARAMETERS));

        Response stop = call("PUT", "/stop_pulse_id/2000", "");

        assertThat(stop.getStatus()).isEqualTo(200);
        assertThat(stop.getHeaderString("X-Request-Ids")).isNull();
        assertThat(spooled()).hasSize(before);
        assertThat(json(call("GET", "/status", null))).containsEntry("status", "configured");
    }
}
