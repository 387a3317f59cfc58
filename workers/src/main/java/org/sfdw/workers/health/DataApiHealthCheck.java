package org.sfdw.workers.health;

import com.codahale.metrics.health.HealthCheck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * Whether the data api accepts connections. Only a TCP connect: a query would cost the data buffer real work on every
 * health poll.
 */
public class DataApiHealthCheck extends HealthCheck {

    private final URI queryUrl;
    private final Duration timeout;

    public DataApiHealthCheck(URI queryUrl, Duration timeout) {
        this.queryUrl = queryUrl;
        this.timeout = timeout;
    }

    @Override
    protected Result check() {
        int port = queryUrl.getPort() >= 0 ? queryUrl.getPort() : "https".equals(queryUrl.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(queryUrl.getHost(), port), (int) timeout.toMillis());
            return Result.healthy("the data api at " + queryUrl + " accepts connections");
        } catch (IOException e) {
            return Result.unhealthy("cannot connect to the data api at " + queryUrl + ": " + e.getMessage()
                    + "; requests are retried until dataApi.retry.budget is spent, then fail with .err files");
        }
    }
}
