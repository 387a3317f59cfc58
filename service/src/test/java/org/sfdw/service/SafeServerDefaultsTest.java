package org.sfdw.service;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.request.logging.old.LogbackClassicRequestLogFactory;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DropwizardExtensionsSupport.class)
class SafeServerDefaultsTest {

    private static final DropwizardAppExtension<TinyApplication.TinyConfiguration> APP =
            new DropwizardAppExtension<>(TinyApplication.class, "tiny-server-without-hosts.yml",
                    new ResourceConfigurationSourceProvider());

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static TinyApplication.TinyConfiguration parse(String yaml) throws Exception {
        ObjectMapper mapper = Jackson.newObjectMapper();
        mapper.registerModule(new SafeServerModule());
        return new YamlConfigurationFactory<>(TinyApplication.TinyConfiguration.class,
                Validators.newValidator(), mapper, "dw")
                .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    private static DefaultServerFactory defaultServer(String yaml) throws Exception {
        return (DefaultServerFactory) parse(yaml).getServerFactory();
    }

    private static List<String> bindHosts(List<ConnectorFactory> connectors) {
        return connectors.stream().map(c -> ((HttpConnectorFactory) c).getBindHost()).toList();
    }

    @Test
    void withoutAServerSectionBothPortsAreOnLoopbackAndRequestsAreLoggedAtDebug() throws Exception {
        DefaultServerFactory factory = defaultServer("logging:\n  level: INFO\n");

        assertThat(bindHosts(factory.getApplicationConnectors())).containsExactly("127.0.0.1");
        assertThat(bindHosts(factory.getAdminConnectors())).containsExactly("127.0.0.1");
        assertThat(factory.getRequestLogFactory()).isInstanceOf(DebugRequestLogFactory.class);
    }

    @Test
    void aConnectorThatNamesNoBindHostIsOnLoopbackOneThatNamesOneKeepsIt() throws Exception {
        DefaultServerFactory factory = defaultServer("""
                server:
                  applicationConnectors:
                    - type: http
                      port: 10002
                    - type: http
                      port: 10004
                      bindHost: 0.0.0.0
                  adminConnectors:
                    - type: http
                      port: 10102
                """);

        assertThat(bindHosts(factory.getApplicationConnectors())).containsExactly("127.0.0.1", "0.0.0.0");
        assertThat(bindHosts(factory.getAdminConnectors())).containsExactly("127.0.0.1");
        assertThat(factory.getRequestLogFactory()).isInstanceOf(DebugRequestLogFactory.class);
    }

    @Test
    void aRequestLogTheSectionNamesIsKept() throws Exception {
        DefaultServerFactory factory = defaultServer("""
                server:
                  requestLog:
                    type: classic
                """);

        assertThat(factory.getRequestLogFactory()).isInstanceOf(LogbackClassicRequestLogFactory.class);
    }

    @Test
    void theDebugRequestLogCanBeNamed() throws Exception {
        DefaultServerFactory factory = defaultServer("""
                server:
                  requestLog:
                    type: debug
                    timeZone: Europe/Zurich
                """);

        assertThat(factory.getRequestLogFactory()).isInstanceOfSatisfying(DebugRequestLogFactory.class,
                log -> assertThat(log.getTimeZone().getID()).isEqualTo("Europe/Zurich"));
    }

    @Test
    void theSimpleServerGetsTheSameDefaults() throws Exception {
        SimpleServerFactory factory = (SimpleServerFactory) parse("""
                server:
                  type: simple
                  connector:
                    type: http
                    port: 0
                """).getServerFactory();

        assertThat(((HttpConnectorFactory) factory.getConnector()).getBindHost()).isEqualTo("127.0.0.1");
        assertThat(factory.getRequestLogFactory()).isInstanceOf(DebugRequestLogFactory.class);
    }

    @Test
    void aRunningServiceListensOnLoopbackOnlyOnBothPorts() throws IOException {
        for (int port : List.of(APP.getLocalPort(), APP.getAdminPort())) {
            String suffix = String.format(Locale.ROOT, ":%04X", port);
            List<String> addresses = listeningSockets().stream().filter(a -> a.endsWith(suffix)).toList();
            assertThat(addresses).as("sockets listening on port %d", port).hasSize(1)
                    .allSatisfy(address -> assertThat(address).isIn(
                            "0100007F" + suffix, "0000000000000000FFFF00000100007F" + suffix));
        }
    }

    /**
     * The local addresses of the listening TCP sockets, as the kernel reports them (hex address:port): 127.0.0.1
     * is {@code 0100007F}, or {@code ...FFFF00000100007F} on a socket the JVM opened for IPv6 too; every interface
     * would be zeros.
     */
    private static List<String> listeningSockets() throws IOException {
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (Files.exists(file)) {
                Files.readAllLines(file).stream().skip(1).map(line -> line.trim().split("\\s+"))
                        .filter(fields -> fields[3].equals("0A")).forEach(fields -> addresses.add(fields[1]));
            }
        }
        return addresses;
    }

    @Test
    void requestsAreLoggedOnlyOnceTheRequestLoggerIsAtDebug() throws Exception {
        Logger requests = (Logger) LoggerFactory.getLogger("http.request");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        requests.addAppender(lines);
        try {
            assertThat(get(APP.getLocalPort(), "/hello/quiet").statusCode()).isEqualTo(200);
            assertThat(lines.list).isEmpty();

            HttpResponse<String> task = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + APP.getAdminPort() + "/tasks/log-level?logger=http.request&level=DEBUG"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(task.statusCode()).isEqualTo(200);
            assertThat(get(APP.getLocalPort(), "/hello/loud").statusCode()).isEqualTo(200);

            // Jetty writes the line once the exchange is complete, which may be just after the client has the answer.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (messages(lines).stream().noneMatch(line -> line.contains("\"GET /hello/loud HTTP/1.1\" 200 "))
                    && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertThat(messages(lines)).anySatisfy(line -> assertThat(line).contains("\"GET /hello/loud HTTP/1.1\" 200 "))
                    .noneSatisfy(line -> assertThat(line).contains("quiet"));
        } finally {
            requests.detachAppender(lines);
            requests.setLevel(null);
        }
    }

    private static List<String> messages(ListAppender<ILoggingEvent> lines) {
        synchronized (lines) { // the appender adds under its own lock
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
