package org.sfdw.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code sfdw submit FILE... [--broker URL] [--config FILE]}: sends every line of audit-trail or {@code .err} files to
 * the broker ({@code POST /requests}), which spools each as a new request. Says what became of every line; exits 1
 * when any was refused.
 */
public final class SubmitCommand {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final PrintStream out;
    private final PrintStream err;

    public SubmitCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(Options options) throws Exception {
        if (options.arguments().isEmpty()) {
            throw new IllegalArgumentException("sfdw submit needs at least one audit-trail or .err file");
        }
        String broker = options.get("broker").orElseGet(() -> {
            try {
                return new ConfiguredDefaults(options.configFile()).brokerUrl();
            } catch (IOException e) {
                return "http://127.0.0.1:10002";
            }
        });
        int submitted = 0;
        int refused = 0;
        for (String name : options.arguments()) {
            List<String> lines = Files.readAllLines(Path.of(name), StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).isBlank()) {
                    continue;
                }
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(broker + "/requests"))
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(lines.get(n), StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode reply = mapper.readTree(answer.body());
                if (answer.statusCode() == 201) {
                    submitted++;
                    JsonNode rerun = reply.path("rerun_of");
                    out.printf("%s:%d: spooled as request %s%s%n", name, n + 1, reply.path("request_ids").path(0),
                            rerun.isNull() || rerun.isMissingNode() ? "" : " (re-runs request " + rerun + ")");
                } else {
                    refused++;
                    out.printf("%s:%d: refused (HTTP %d): %s%n", name, n + 1, answer.statusCode(),
                            reply.path("status").asText(answer.body()));
                }
            }
        }
        err.printf("%d lines submitted to %s, %d refused%n", submitted, broker, refused);
        return refused == 0 ? 0 : 1;
    }
}
