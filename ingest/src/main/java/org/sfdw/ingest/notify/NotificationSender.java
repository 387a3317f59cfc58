package org.sfdw.ingest.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Sends one notification: {@code PUT} of a JSON body, as the original's {@code requests.put(url, json=...)} did, and
 * says what came of it. A refused connection, a timeout, a 5xx or a 429 are worth another attempt; any other answer
 * but a 2xx says the target does not want this notification.
 */
public final class NotificationSender {

    /** What one attempt came to. */
    public sealed interface Attempt {
        record Delivered(int status) implements Attempt {
        }

        /** @param why what went wrong, for the log and the request's status */
        record Retryable(String why) implements Attempt {
        }

        record Refused(String why) implements Attempt {
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    public NotificationSender(Duration timeout) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    public Attempt send(URI url, byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new Attempt.Retryable("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Attempt.Retryable("cannot reach " + url + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new Attempt.Delivered(status);
        }
        String answer = "HTTP " + status + " " + firstLine(response.body());
        return status / 100 == 5 || status == 429 ? new Attempt.Retryable(answer.strip())
                : new Attempt.Refused(answer.strip());
    }

    private static String firstLine(String body) {
        String line = body.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
