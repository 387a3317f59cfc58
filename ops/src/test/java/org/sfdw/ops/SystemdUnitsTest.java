package org.sfdw.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** ops/install.sh staged into a temporary root, and every unit checked by systemd's own verifier. */
class SystemdUnitsTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path root;

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s still running", command).isTrue();
        return new Run(process.exitValue(), output);
    }

    private Run install(Path jar) throws IOException, InterruptedException {
        return run(List.of(REPO.resolve("ops/install.sh").toString(), "--root", root.toString(), "--jar",
                jar.toString(), "--prefix", "/srv/sfdw", "--config-dir", "/etc/sfdw-test", "--data-dir",
                "/data/sfdw", "--user", "daqsvc", "--writer-user", "alvra:p12345"));
    }

    private Path staged(String path) {
        return root.resolve(path.substring(1));
    }

    private List<Path> stagedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void theRepositorysUnitsPassSystemdAnalyzeVerify() throws Exception {
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        try (Stream<Path> units = Files.list(REPO.resolve("ops/systemd"))) {
            units.filter(u -> u.toString().endsWith(".service")).sorted().forEach(u -> command.add(u.toString()));
        }
        assertThat(command).hasSize(5);

        Run verify = run(command);

        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).isEmpty();
    }

    @Test
    void installStagesJarUnitsAndConfigForTheChosenPathsAndUsersAndTheUnitsVerify() throws Exception {
        Path jar = Files.writeString(root.resolveSibling(root.getFileName() + "-sfdw.jar"), "not really a jar");

        Run first = install(jar);

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(staged("/srv/sfdw/lib/sfdw.jar")).hasContent("not really a jar");
        assertThat(staged("/etc/sfdw-test/config.yml")).as("the production template, not the demo's file")
                .hasSameTextualContentAs(REPO.resolve("ops/config/production.yml"));
        assertThat(staged("/etc/sfdw-test/simulator.yml")).hasSameTextualContentAs(REPO.resolve("config.yml"));
        assertThat(staged("/etc/sfdw-test/channels.txt")).exists();
        assertThat(staged("/data/sfdw/spool")).isDirectory();
        String writer = Files.readString(staged("/etc/systemd/system/sfdw-writer@.service"));
        assertThat(writer)
                .contains("exec /usr/bin/java $$JAVA_OPTS ")
                .contains("-jar /srv/sfdw/lib/sfdw.jar writer \"$$SFDW_CONFIG\"")
                .contains("ExecStartPre=/usr/bin/java $JAVA_OPTS -jar /srv/sfdw/lib/sfdw.jar writer check ${SFDW_CONFIG}")
                .contains("Environment=SFDW_CONFIG=/etc/sfdw-test/config.yml")
                .contains("Environment=SFDW_DATA=/data/sfdw")
                .contains("EnvironmentFile=-/etc/sfdw-test/writer@%i.env")
                .contains("User=daqsvc\n").contains("Group=daqsvc\n")
                .contains("Restart=on-failure")
                .doesNotContain("/opt/sfdw").doesNotContain("/etc/sfdw/");
        assertThat(staged("/etc/systemd/system/sfdw-writer@.service.d/user.conf"))
                .content().contains("[Service]\nUser=alvra\nGroup=p12345\n");
        assertThat(Files.readString(staged("/etc/systemd/system/sfdw-broker.service")))
                .contains("-jar /srv/sfdw/lib/sfdw.jar broker ${SFDW_CONFIG}")
                .contains("ExecStartPre=/usr/bin/java $JAVA_OPTS -jar /srv/sfdw/lib/sfdw.jar broker check ${SFDW_CONFIG}")
                .contains("Environment=SFDW_CHANNELS_FILE=/etc/sfdw-test/channels.txt");

        Path units = staged("/etc/systemd/system");
        Run verify = run(List.of("systemd-analyze", "verify", units.resolve("sfdw-broker.service").toString(),
                units.resolve("sfdw-writer@1.service").toString(), units.resolve("sfdw-writer@2.service").toString(),
                units.resolve("sfdw-sim.service").toString()));
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).isEmpty();
    }

    /**
     * The writer unit's start line run as systemd runs it for an instance (its {@code $$} made {@code $}, as systemd
     * does; the java command replaced by {@code env} to show what the writer would get).
     */
    private Map<String, String> writerEnvironment(String instance, Map<String, String> envFile) throws Exception {
        String unit = Files.readString(REPO.resolve("ops/systemd/sfdw-writer@.service"));
        Matcher start = Pattern.compile("(?m)^ExecStart=/bin/sh -c '(.*)'$").matcher(unit);
        assertThat(start.find()).as("the writer starts through /bin/sh -c").isTrue();
        String script = start.group(1).replace("$$", "$").replace("exec /usr/bin/java", "env; exit 0; :");
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("SFDW_WRITER_INSTANCE", instance);
        builder.environment().put("SFDW_CONFIG", "/etc/sfdw/config.yml");
        builder.environment().putAll(envFile);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Map<String, String> environment = new HashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                environment.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return environment;
    }

    @Test
    void everyNumberedWriterInstanceGetsItsOwnAdminPortAndAnEnvFileCanSetIt() throws Exception {
        assertThat(writerEnvironment("1", Map.of())).containsEntry("SFDW_WRITER_ADMIN_PORT", "10111");
        assertThat(writerEnvironment("9", Map.of())).containsEntry("SFDW_WRITER_ADMIN_PORT", "10119");
        assertThat(writerEnvironment("10", Map.of())).containsEntry("SFDW_WRITER_ADMIN_PORT", "10120");
        assertThat(writerEnvironment("12", Map.of())).containsEntry("SFDW_WRITER_ADMIN_PORT", "10122");
        assertThat(writerEnvironment("12", Map.of("SFDW_WRITER_ADMIN_PORT", "20000")))
                .containsEntry("SFDW_WRITER_ADMIN_PORT", "20000");
        assertThat(writerEnvironment("camera", Map.of())).as("a named instance sets the port in its env file")
                .doesNotContainKey("SFDW_WRITER_ADMIN_PORT");
        assertThat(writerEnvironment("camera", Map.of("SFDW_WRITER_ADMIN_PORT", "10150")))
                .containsEntry("SFDW_WRITER_ADMIN_PORT", "10150");
    }

    @Test
    void installingAgainChangesNothingAndKeepsAnEditedConfiguration() throws Exception {
        Path jar = Files.writeString(root.resolveSibling(root.getFileName() + "-sfdw.jar"), "jar one");
        assertThat(install(jar).exitCode()).isZero();
        List<Path> once = stagedFiles();
        String unitOnce = Files.readString(staged("/etc/systemd/system/sfdw-writer@.service"));

        Run again = install(jar);

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(stagedFiles()).isEqualTo(once);
        assertThat(staged("/etc/systemd/system/sfdw-writer@.service")).hasContent(unitOnce);

        Path config = staged("/etc/sfdw-test/config.yml");
        Files.writeString(config, "# edited by the operator\n", java.nio.file.StandardOpenOption.APPEND);
        String edited = Files.readString(config);
        Files.writeString(jar, "jar two");

        Run upgrade = install(jar);

        assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
        assertThat(upgrade.output()).contains("kept your " + config);
        assertThat(config).hasContent(edited);
        assertThat(staged("/etc/sfdw-test/config.yml.new"))
                .hasSameTextualContentAs(REPO.resolve("ops/config/production.yml"));
        assertThat(staged("/srv/sfdw/lib/sfdw.jar")).hasContent("jar two");
    }

    @Test
    void installRefusesRelativePathsAndUnknownOptions() throws Exception {
        Run relative = run(List.of(REPO.resolve("ops/install.sh").toString(), "--root", root.toString(),
                "--prefix", "opt/sfdw"));
        assertThat(relative.exitCode()).isNotZero();
        assertThat(relative.output()).contains("paths must be absolute: opt/sfdw");

        Run unknown = run(List.of(REPO.resolve("ops/install.sh").toString(), "--frobnicate"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("unknown option --frobnicate");
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }
}
