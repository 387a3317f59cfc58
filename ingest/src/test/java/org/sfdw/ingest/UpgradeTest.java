package org.sfdw.ingest;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.testing.FreePort;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spool and outcome journal written by main at 1f9180e (before the status index, the checkpoint and the seals
 * existed; the program that wrote them is {@code upgrade/WrittenByMain1f9180e.java.txt}), with the replies that
 * main's broker gave on them: today's broker gives the same bytes, on its first start (which builds the index from
 * the journal) and on the next (which starts from the checkpoint).
 */
class UpgradeTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Path asked, and the reply main's broker gave, by file name under {@code upgrade/expected}. */
    private static Map<String, String> asked() {
        Map<String, String> asked = new LinkedHashMap<>();
        for (int id = 1; id <= 13; id++) {
            asked.put("request-" + id + ".json", "/requests/" + id);
        }
        asked.put("list.json", "/requests?limit=50");
        asked.put("list-written.json", "/requests?status=written");
        asked.put("list-forwarded.json", "/requests?status=forwarded");
        return asked;
    }

    @Test
    void everyStatusAndReplyOfASpoolWrittenByTheEarlierMainStaysTheSameAcrossTwoStarts() throws Exception {
        Path spool = extract();
        assertThat(spool.resolve("outcomes/index")).doesNotExist();

        for (String start : List.of("first start, index built from the journal", "second start, from the checkpoint")) {
            DropwizardTestSupport<BrokerConfiguration> broker = new DropwizardTestSupport<>(BrokerApplication.class,
                    ResourceHelpers.resourceFilePath("broker-test.yml"),
                    ConfigOverride.config("spool.directory", spool.toString()),
                    ConfigOverride.config("stream.bindAddress", "tcp://127.0.0.1:" + FreePort.pick()),
                    ConfigOverride.config("delivery.outcomeAddress", "tcp://127.0.0.1:" + FreePort.pick()),
                    ConfigOverride.config("delivery.receiveTimeout", "3600s"),
                    ConfigOverride.config("delivery.heartbeatTimeout", "3600s"),
                    ConfigOverride.config("allowedOutputRoots", "/sf"));
            broker.before();
            try {
                List<String> differing = new ArrayList<>();
                for (var entry : asked().entrySet()) {
                    String expected = resource("upgrade/expected/" + entry.getKey());
                    String reply = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + broker.getLocalPort() + entry.getValue())).build(), HttpResponse.BodyHandlers.ofString())
                            .body();
                    if (!reply.equals(expected)) {
                        differing.add(entry.getValue() + "\n  main:  " + expected + "\n  today: " + reply);
                    }
                }
                assertThat(differing).as(start).isEmpty();
            } finally {
                broker.after();
            }
            assertThat(spool.resolve("outcomes/index/checkpoint")).as("written at the stop").exists();
        }
    }

    private Path extract() throws Exception {
        Path archive = dir.resolve("spool.tar.gz");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("upgrade/spool-1f9180e.tar.gz")) {
            Files.copy(in, archive);
        }
        Process tar = new ProcessBuilder("tar", "-xzSf", archive.toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(out).isZero();
        return dir.resolve("spool");
    }

    private String resource(String name) throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
