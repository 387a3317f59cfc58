package org.sfdw.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.H5py;
import org.sfdw.spool.testing.Poll;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator tools as a shell runs them ({@code ops/bin/sfdw <command>}): help on stdout with exit 0, a usage
 * error or a missing file as one line on stderr with exit 2 or 1, nothing but the tool's output on stdout, even
 * while the broker logs at DEBUG; an audit export in a file goes back through {@code submit}.
 */
class ToolsIT {

    private static final List<List<String>> COMMANDS = List.of(List.of("inspect"), List.of("audit", "export"),
            List.of("spool", "verify"), List.of("spool", "salvage"), List.of("submit"), List.of("write"),
            List.of("broker"), List.of("writer"), List.of("sim"));

    /** The original README's way to read an audit trail or .err file, line by line. */
    private static final String ORIGINAL_README_SNIPPET = String.join("\n",
            "import json, sys",
            "with open(sys.argv[1]) as audit_trail:",
            "    lines = audit_trail.readlines()",
            "for line in lines:",
            "    timestamp = line[1:16]",
            "    json_string = line[18:]",
            "    writing_request = json.loads(json_string)",
            "    data_api_request = json.loads(writing_request['data_api_request'])",
            "    parameters = json.loads(writing_request['parameters'])",
            "    timestamp = writing_request['timestamp']",
            "    print(data_api_request)",
            "    print(parameters)",
            "    print(timestamp)");

    @TempDir
    Path data;

    private LauncherProcesses services;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (services != null) {
            services.close();
        }
    }

    private LauncherProcesses.ToolRun tool(List<String> command, String... more) throws Exception {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(more));
        return services.tool(args.toArray(String[]::new));
    }

    private static void oneLineError(LauncherProcesses.ToolRun run, int exitCode, String start) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.out()).as("nothing on stdout").isEmpty();
        assertThat(run.err().lines().toList()).as("one line on stderr").hasSize(1);
        assertThat(run.err()).startsWith(start);
    }

    @Test
    void everyCommandAnswersHelpBadOptionsAndMissingFilesAsAUnixTool() throws Exception {
        services = new LauncherProcesses(data);
        for (List<String> command : COMMANDS) {
            String name = "sfdw " + String.join(" ", command);
            for (String help : List.of("--help", "-h")) {
                LauncherProcesses.ToolRun run = tool(command, help);
                assertThat(run.exitCode()).as(name + " " + help + ": " + run.err()).isZero();
                assertThat(run.out()).as(name + " " + help).startsWith("usage: " + name + " ");
                assertThat(run.err()).as(name + " " + help).isEmpty();
            }
            LauncherProcesses.ToolRun bogus = tool(command, "--bogus");
            oneLineError(bogus, 2, name + ": ");
            assertThat(bogus.err()).contains("'--bogus'").contains("(see '" + name + " --help')");
        }
        Path nowhere = data.resolve("nowhere");
        oneLineError(tool(List.of("inspect"), nowhere.resolve("run.h5").toString()), 1,
                "sfdw inspect: no such file: " + nowhere.resolve("run.h5"));
        oneLineError(tool(List.of("submit"), nowhere.resolve("run.h5.err").toString()), 1,
                "sfdw submit: no such file: " + nowhere.resolve("run.h5.err"));
        oneLineError(tool(List.of("write"), nowhere.resolve("run.h5.err").toString()), 1,
                "sfdw write: no such file: " + nowhere.resolve("run.h5.err"));
        oneLineError(tool(List.of("audit", "export"), "--spool", nowhere.toString()), 1, "sfdw audit export: ");
        oneLineError(tool(List.of("spool", "verify"), "--spool", nowhere.toString()), 1, "sfdw spool verify: ");
        oneLineError(tool(List.of("bogus")), 2, "sfdw: unknown command 'bogus'");
        for (String service : List.of("broker", "writer", "sim")) {
            oneLineError(tool(List.of(service), nowhere.resolve("config.yml").toString()), 1,
                    "sfdw " + service + ": no such file: " + nowhere.resolve("config.yml"));
        }
        Path line = Files.writeString(data.resolve("one.err"), "[20180608-140452] {\"data_api_request\": \"{}\", "
                + "\"parameters\": \"{}\", \"timestamp\": 1.5}");
        oneLineError(tool(List.of("submit"), line.toString(), "--broker", "http://127.0.0.1:" + FreePort.pick()), 1,
                "sfdw submit: cannot connect");

        LauncherProcesses.ToolRun help = services.tool("help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Launcher commands").contains("usage: sfdw [-h] [--verbose] COMMAND ...");
        Path foreign = Files.writeString(data.resolve("not-hdf5.h5"), "plain text");
        oneLineError(tool(List.of("inspect"), foreign.toString()), 1, "sfdw inspect: not an HDF5 file");
    }

    @Test
    void anExportedAuditTrailGoesBackThroughSubmitAndToolsPrintOnlyTheirOutputWhileTheBrokerLogsAtDebug()
            throws Exception {
        services = new LauncherProcesses(data);
        services.editConfig("  logging:\n    level: INFO\n    loggers:\n      net.openhft: WARN",
                "  logging:\n    level: DEBUG\n    loggers:\n      net.openhft: DEBUG");
        String writerAdmin = Integer.toString(FreePort.pick());
        services.start("sim", "sim", Map.of());
        services.start("broker", "broker", Map.of());
        services.start("writer1", "writer", Map.of("SFDW_WRITER_ADMIN_PORT", writerAdmin));
        Acquisitions acquisitions = new Acquisitions(services, "ToolsIT");
        Poll.until(Duration.ofSeconds(120), "the services", () -> services.answers(acquisitions.broker("/status"))
                && services.answers("http://127.0.0.1:" + writerAdmin + "/healthcheck")
                && services.answers(services.url("SFDW_SIM_ADMIN_PORT", "/healthcheck")));
        List<Long> ids = new ArrayList<>();
        for (int run = 1; run <= 3; run++) {
            ids.addAll(Acquisitions.ids(acquisitions.acquire(services.raw().resolve("run_000" + run + ".h5"),
                    1000L * run)));
        }
        acquisitions.awaitStatuses(ids, "written");
        assertThat(services.log("broker")).as("the broker does log at DEBUG").contains("DEBUG")
                .as("no logback status lines, no logback-access version warning").doesNotContain("|-");

        LauncherProcesses.ToolRun export = services.tool("audit", "export");
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out().lines().toList()).hasSize(3).allMatch(line -> line.matches(
                "\\[\\d{8}-\\d{6}] \\{\"data_api_request\": \".*\", \"parameters\": \".*\", \"timestamp\": [0-9.]+}"));
        assertThat(export.err()).contains("exported 3 requests");
        Path audit = Files.writeString(data.resolve("audit.log"), export.out());
        LauncherProcesses.ToolRun verbose = services.tool("audit", "export", "--verbose");
        assertThat(verbose.out()).as("--verbose logs more, on stderr only").isEqualTo(export.out());
        assertThat(verbose.err()).contains("sfdw: INFO ");

        Process python = new ProcessBuilder(H5py.PYTHON, "-c", ORIGINAL_README_SNIPPET, audit.toString())
                .redirectErrorStream(true).start();
        String read = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(read).isZero();
        assertThat(read.lines().filter(l -> l.matches("\\d+\\.\\d+")).count()).as("a timestamp per line").isEqualTo(3);

        LauncherProcesses.ToolRun submit = services.tool("submit", audit.toString());
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        assertThat(submit.out().lines().toList()).containsExactly(
                audit + ":1: spooled as request 4 (re-runs request 1)",
                audit + ":2: spooled as request 5 (re-runs request 2)",
                audit + ":3: spooled as request 6 (re-runs request 3)");
        acquisitions.awaitStatuses(List.of(4L, 5L, 6L), "written");
        for (long id = 4; id <= 6; id++) {
            JsonNode request = acquisitions.request(id);
            assertThat(request.path("rerun_of").asLong()).isEqualTo(id - 3);
        }

        LauncherProcesses.ToolRun inspect = services.tool("inspect", services.raw().resolve("run_0001.h5").toString());
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out().lines().toList()).first().asString()
                .startsWith(services.raw().resolve("run_0001.h5").toString());
        assertThat(inspect.out().lines().skip(1)).allMatch(line -> line.startsWith("  "));
        LauncherProcesses.ToolRun verify = services.tool("spool", "verify");
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        Path rerun = data.resolve("rerun");
        LauncherProcesses.ToolRun write = services.tool("write", audit.toString(), "--output", rerun + "/",
                "--data-api", services.url("SFDW_SIM_PORT", "/sf/query"));
        assertThat(write.exitCode()).as(write.err()).isZero();
        assertThat(write.out()).contains(audit + ":1: wrote " + rerun.resolve("run_0001.h5"));
        assertThat(rerun.resolve("run_0003.h5")).isRegularFile();
        for (LauncherProcesses.ToolRun run : List.of(export, submit, inspect, verify, write)) {
            assertThat(run.out()).as("stdout holds only the tool's output").doesNotContain("DEBUG")
                    .doesNotContain("INFO").doesNotContain("|-").doesNotContain("WARN");
        }
    }
}
