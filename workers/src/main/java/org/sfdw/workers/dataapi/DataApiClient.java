package org.sfdw.workers.dataapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sfdw.spool.query.PulseRange;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * POSTs data-api queries (data-api.md §2) and hands the streamed response body to a reader; maps pulse ids to times
 * through {@code <query url>/mapping} (§5). Failures the data api may recover from (HTTP 5xx, connection problems,
 * a body that stalls) are {@link IOException}s; answers that would never make a file are
 * {@link DataApiResponseException}s.
 */
public final class DataApiClient {

    /** Consumes a response body; the stream is closed after it returns. */
    public interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private static final int ERROR_BODY_LIMIT = 2000;

    private final HttpClient http;
    private final URI queryUrl;
    private final Duration requestTimeout;
    private final Duration idleTimeout;
    private final ObjectMapper mapper;
    private final LongAdder bytesRead = new LongAdder();

    /**
     * @param requestTimeout how long to wait for the answer's headers
     * @param idleTimeout    how long the body may stall before the query is given up
     */
    public DataApiClient(HttpClient http, URI queryUrl, Duration requestTimeout, Duration idleTimeout,
                         ObjectMapper mapper) {
        this.http = http;
        this.queryUrl = queryUrl;
        this.requestTimeout = requestTimeout;
        this.idleTimeout = idleTimeout;
        this.mapper = mapper;
    }

    public URI queryUrl() {
        return queryUrl;
    }

    /** Response bytes read so far, over all queries. */
    public long bytesRead() {
        return bytesRead.sum();
    }

    public <T> T query(String queryJson, BodyReader<T> reader) throws IOException, InterruptedException {
        return post(queryUrl, queryJson, reader);
    }

    /**
     * Asks {@code <query url>/mapping} for the global times of {@code range.start} and {@code range.end + 1} (as the
     * original did, so that the time range covers the whole last pulse).
     *
     * @return {@code [startSeconds, endSeconds]} as the data api printed them
     */
    public String[] pulseRangeToSeconds(PulseRange range) throws IOException, InterruptedException {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("range").put("startPulseId", range.start()).put("endPulseId", range.end() + 1);
        URI mappingUrl = URI.create(queryUrl.toString().replaceAll("/+$", "") + "/mapping");
        JsonNode answer = post(mappingUrl, mapper.writeValueAsString(body), mapper::readTree);
        JsonNode first = answer == null ? null : answer.path(0);
        JsonNode start = first == null ? null : first.path("start").get("globalSeconds");
        JsonNode end = first == null ? null : first.path("end").get("globalSeconds");
        if (start == null || end == null || !start.isValueNode() || !end.isValueNode()) {
            throw new DataApiResponseException("Cannot retrieve the pulse_id to timestamp mapping: " + mappingUrl
                    + " answered " + abbreviate(String.valueOf(answer)));
        }
        return new String[]{start.asText(), end.asText()};
    }

    private <T> T post(URI url, String json, BodyReader<T> reader) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response = http.send(request, info -> new IdleTimeoutBody(idleTimeout, bytesRead));
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status / 100 != 2) {
                String text = new String(body.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8).strip();
                String message = "data api " + url + " answered HTTP " + status + ": " + text;
                if (status >= 500) {
                    throw new DataApiUnavailableException(message);
                }
                throw new DataApiResponseException(message);
            }
            return reader.read(body);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= ERROR_BODY_LIMIT ? text : text.substring(0, ERROR_BODY_LIMIT) + "...";
    }

    /** The client the writer uses: HTTP/1.1 (plain http URLs), redirects re-POSTed as the data api expects. */
    public static HttpClient defaultHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(connectTimeout)
                .build();
    }
}
