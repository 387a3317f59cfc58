package org.sfdw.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.ops.cli.AuditExportCommand;
import org.sfdw.ops.cli.SubmitCommand;
import org.sfdw.spool.AuditLine;
import org.sfdw.spool.Durability;
import org.sfdw.spool.Spool;
import org.sfdw.spool.WriteRequest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit trail: exported while the broker runs, in the original's format, and re-run through `sfdw submit`. */
class AuditTrailTest {

    @TempDir
    Path data;
    private Services services;

    @AfterEach
    void stop() {
        if (services != null) {
            services.close();
        }
    }

    private List<WriteRequest> spooled() {
        try (Spool spool = Spool.openForReading(services.spool())) {
            return spool.readAll();
        }
    }

    private String export(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new AuditExportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream())).run(org.sfdw.ops.cli.CommandLine.options(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("audit", "export"),
                        java.util.Arrays.stream(args)).toArray(String[]::new)));
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anExportedSpoolRoundTripsThroughSubmitToIdenticalRequests() throws Exception {
        services = new Services(data).startBroker();
        for (int run = 1; run <= 3; run++) {
            services.acquire(data.resolve("audit/run" + run + ".h5"), run * 100L, run * 100L + 9, "SIM:SCALAR-F64",
                    "SIMCAM1:FPICTURE");
        }
        List<WriteRequest> originals = spooled();
        assertThat(originals).hasSize(6);

        String exported = export("--spool", services.spool().toString());

        List<String> lines = exported.lines().toList();
        assertThat(lines).hasSize(6);
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < 6; i++) {
            assertThat(lines.get(i)).matches("\\[\\d{8}-\\d{6}] \\{\"data_api_request\": \".*\", \"parameters\": "
                    + "\".*\", \"timestamp\": \\d+\\.\\d+}");
            assertThat(lines.get(i).substring(18)).isEqualTo(AuditLine.format(originals.get(i),
                    java.time.LocalDateTime.now()).substring(18));
        }
        assertThat(export("--spool", services.spool().toString(), "--from", "2", "--to", "3").lines())
                .containsExactly(lines.get(1), lines.get(2));
        assertThat(export("--spool", services.spool().toString(), "--from", "2000-01-01T00:00:00")).isEqualTo(exported);
        assertThat(export("--spool", services.spool().toString(), "--to", "2000-01-01")).isEmpty();
        assertThatThrownBy(() -> export("--spool", services.spool().toString(), "--from", "5", "--to", "2"))
                .hasMessageContaining("backwards");
        assertThatThrownBy(() -> export("--spool", services.spool().toString(), "--from", "yesterday"))
                .hasMessageContaining("neither a request id nor a time");

        Path file = Files.writeString(data.resolve("audit.log"), exported);
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int code = new SubmitCommand(new PrintStream(report, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()))
                .run(org.sfdw.ops.cli.CommandLine.options("submit", file.toString(), "--broker", services.brokerUrl()));

        assertThat(code).as(report.toString()).isZero();
        assertThat(report.toString()).contains("audit.log:1: spooled as request 7 (re-runs request 1)");
        List<WriteRequest> all = spooled();
        assertThat(all).hasSize(12);
        for (int i = 0; i < 6; i++) {
            WriteRequest copy = all.get(6 + i);
            assertThat(copy.sameContentAs(originals.get(i))).as("request %d", copy.id()).isTrue();
            assertThat(copy.rerunOf()).isEqualTo(originals.get(i).id());
        }
        assertThat(mapper.readTree(lines.get(0).substring(18)).get("timestamp").asDouble())
                .isEqualTo(originals.get(0).timestamp());
    }

    @Test
    void submitSaysWhichLinesWereRefused() throws Exception {
        services = new Services(data).startBroker();
        Path file = Files.writeString(data.resolve("bad.err"), "[20180608-140452] {\"data_api_request\": \"{}\", "
                + "\"parameters\": \"{}\", \"timestamp\": 1.5}\n\nnot a line\n");
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        int code = new SubmitCommand(new PrintStream(report, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()))
                .run(org.sfdw.ops.cli.CommandLine.options("submit", file.toString(), "--broker", services.brokerUrl()));

        assertThat(code).isEqualTo(1);
        assertThat(report.toString()).contains("bad.err:1: refused (HTTP 400): data_api_request must be a data-api query")
                .contains("bad.err:3: refused (HTTP 400)");
        assertThat(spooled()).isEmpty();
    }
}
