package org.sfdw.workers.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** POSTs a data-api query (data-api.md §2) and hands the streamed response body to a reader. */
public final class DataApiClient {

    /** Consumes a response body; the stream is closed after it returns. */
    public interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private static final int ERROR_BODY_LIMIT = 2000;

    private final HttpClient http;
    private final URI queryUrl;
    private final Duration requestTimeout;

    public DataApiClient(HttpClient http, URI queryUrl, Duration requestTimeout) {
        this.http = http;
        this.queryUrl = queryUrl;
        this.requestTimeout = requestTimeout;
    }

    public URI queryUrl() {
        return queryUrl;
    }

    /**
     * @throws DataApiResponseException when the data api answers with an HTTP error
     * @throws IOException              when it cannot be reached or the body breaks off
     */
    public <T> T query(String queryJson, BodyReader<T> reader) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(queryUrl)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(queryJson, StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                byte[] start = body.readNBytes(ERROR_BODY_LIMIT);
                throw new DataApiResponseException("data api " + queryUrl + " answered HTTP " + response.statusCode()
                        + ": " + new String(start, StandardCharsets.UTF_8).strip());
            }
            return reader.read(body);
        }
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
