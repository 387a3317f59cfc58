package org.sfdw.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.spool.testing.Poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What DIA does to a launcher broker in the integration tests: acquisitions, and looking their requests up. */
final class Acquisitions {

    private final LauncherProcesses services;
    private final String process;
    private final ObjectMapper mapper = new ObjectMapper();

    /** @param process {@code general/process} of the acquisitions, to tell the tests' files apart */
    Acquisitions(LauncherProcesses services, String process) {
        this.services = services;
        this.process = process;
    }

    String broker(String path) {
        return services.url("SFDW_BROKER_PORT", path);
    }

    String parameters(Path file) {
        return "{\"general/created\": \"c\", \"general/user\": \"u\", \"general/process\": \"" + process + "\", "
                + "\"general/instrument\": \"sim\", \"output_file\": \"" + file + "\", \"channels\": [\"SIM:SCALAR-F64\"]}";
    }

    /** One acquisition of 100 pulses from {@code firstPulse} into {@code file}; the stop's answer, null if none. */
    HttpResponse<String> acquire(Path file, long firstPulse) {
        services.call("POST", broker("/parameters"), parameters(file));
        services.call("PUT", broker("/start_pulse_id/" + firstPulse), "");
        return services.call("PUT", broker("/stop_pulse_id/" + (firstPulse + 99)), "");
    }

    /** The ids an accepted stop spooled. */
    static List<Long> ids(HttpResponse<String> stop) {
        assertThat(stop).as("the stop is answered").isNotNull();
        String header = stop.headers().firstValue("X-Request-Ids").orElseThrow(() ->
                new AssertionError("stop_pulse_id was not accepted: " + stop.body()));
        return Stream.of(header.split(",")).map(x -> Long.parseLong(x.strip())).toList();
    }

    /** {@code GET /requests/<id>}'s {@code request}, null while the broker does not answer. */
    JsonNode request(long id) {
        HttpResponse<String> answer = services.call("GET", broker("/requests/" + id), null);
        if (answer == null || answer.statusCode() != 200) {
            return null;
        }
        try {
            return mapper.readTree(answer.body()).get("request");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String statusOf(long id) {
        JsonNode request = request(id);
        return request == null ? null : request.path("status").asText();
    }

    void awaitStatuses(List<Long> ids, String status, Duration within) {
        Poll.until(within, "requests " + ids + " to be " + status, () -> ids.stream()
                .allMatch(id -> status.equals(statusOf(id))));
    }

    void awaitStatuses(List<Long> ids, String status) {
        awaitStatuses(ids, status, Duration.ofSeconds(120));
    }
}
