package org.sfdw.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        assertThat(staged("/etc/sfdw-test/config.yml")).hasSameTextualContentAs(REPO.resolve("config.yml"));
        assertThat(staged("/etc/sfdw-test/channels.txt")).exists();
        assertThat(staged("/data/sfdw/spool")).isDirectory();
        String writer = Files.readString(staged("/etc/systemd/system/sfdw-writer@.service"));
        assertThat(writer)
                .contains("ExecStart=/usr/bin/java $JAVA_OPTS ")
                .contains("-jar /srv/sfdw/lib/sfdw.jar writer ${SFDW_CONFIG}")
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
                .contains("Environment=SFDW_CHANNELS_FILE=/etc/sfdw-test/channels.txt");

        Path units = staged("/etc/systemd/system");
        Run verify = run(List.of("systemd-analyze", "verify", units.resolve("sfdw-broker.service").toString(),
                units.resolve("sfdw-writer@1.service").toString(), units.resolve("sfdw-writer@2.service").toString(),
                units.resolve("sfdw-sim.service").toString()));
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).isEmpty();
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
        assertThat(staged("/etc/sfdw-test/config.yml.new")).hasSameTextualContentAs(REPO.resolve("config.yml"));
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
