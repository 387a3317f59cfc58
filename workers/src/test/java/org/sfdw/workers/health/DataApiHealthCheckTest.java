package org.sfdw.workers.health;

import com.codahale.metrics.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.sfdw.spool.testing.FreePort;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DataApiHealthCheckTest {

    @Test
    void healthyWhileTheDataApiAcceptsConnectionsAndSaysWhyWhenItDoesNot() throws Exception {
        HealthCheck.Result up;
        URI url;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/sf/query");
            up = new DataApiHealthCheck(url, Duration.ofSeconds(2)).execute();
        }
        HealthCheck.Result down = new DataApiHealthCheck(
                URI.create("http://127.0.0.1:" + FreePort.pick() + "/sf/query"), Duration.ofSeconds(2)).execute();

        assertThat(up.isHealthy()).as(up.getMessage()).isTrue();
        assertThat(up.getMessage()).isEqualTo("the data api at " + url + " accepts connections");
        assertThat(down.isHealthy()).isFalse();
        assertThat(down.getMessage()).startsWith("cannot connect to the data api at http://127.0.0.1:")
                .contains("Connection refused").contains("dataApi.retry.budget");
    }
}
