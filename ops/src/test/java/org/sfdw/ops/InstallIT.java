package org.sfdw.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.testing.CommandRun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's install section, tried: its commands (from the code block under "Under systemd") run against a
 * staged root instead of the machine, with the real jar: the install, the configuration check the README and the
 * units run, the edit the README asks for, and systemd-analyze verify on the installed units.
 */
class InstallIT {

    private static final Path REPO = LauncherProcesses.REPO;

    @TempDir
    Path root;

    private static CommandRun run(List<String> command) throws IOException, InterruptedException {
        return CommandRun.in(REPO, command);
    }

    /** The shell lines of the README's "Under systemd" block, without their comments. */
    private static List<String> readmeInstallLines() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("(?s)### Under systemd\\n\\n```sh\\n(.*?)```").matcher(readme);
        assertThat(block.find()).as("README has a sh block under '### Under systemd'").isTrue();
        List<String> lines = new ArrayList<>();
        for (String line : block.group(1).split("\n")) {
            lines.add(line.replaceFirst("\\s+#.*$", "").strip());
        }
        return lines;
    }

    private static String lineStarting(List<String> lines, String start) {
        return lines.stream().filter(line -> line.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("the README's install block has no line starting " + start));
    }

    /** A README line as words, run against the staged root: no sudo, paths of the system moved under the root. */
    private List<String> staged(String line) {
        List<String> words = new ArrayList<>();
        for (String word : line.split("\\s+")) {
            if (word.equals("sudo")) {
                continue;
            }
            words.add(word.startsWith("/etc/sfdw/") || word.startsWith("/opt/sfdw/")
                    ? root.resolve(word.substring(1)).toString() : word);
        }
        return words;
    }

    @Test
    void theReadmesInstallSectionGivesAConfigurationThatIsCheckedRefusedUntilSetAndUnitsThatVerify()
            throws Exception {
        List<String> readme = readmeInstallLines();
        Path jar = REPO.resolve("ops/target/sfdw.jar");
        assertThat(jar).as("the jar the IT phase runs with").exists();

        List<String> install = staged(lineStarting(readme, "sudo ops/install.sh"));
        install.addAll(List.of("--root", root.toString(), "--jar", jar.toString()));
        CommandRun installed = run(install);
        assertThat(installed.exitCode()).as(installed.err()).isZero();
        assertThat(installed.out()).contains("writer check /etc/sfdw/config.yml");

        Path config = root.resolve("etc/sfdw/config.yml");
        assertThat(config).hasSameTextualContentAs(REPO.resolve("ops/config/production.yml"));
        CommandRun broker = run(staged(lineStarting(readme, "sudo java -jar /opt/sfdw/lib/sfdw.jar broker check")));
        assertThat(broker.exitCode()).as(broker.err()).isZero();
        assertThat(broker.out()).isEqualTo(config + ": a valid broker configuration\n");

        CommandRun refused = run(staged(lineStarting(readme, "sudo java -jar /opt/sfdw/lib/sfdw.jar writer check")));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo(config + ": dataApi.queryUrl is still the installed template's "
                + "placeholder (a host under .invalid): set it to your data api's query URL, e.g. "
                + "https://data-api.psi.ch/sf/query\n");

        // The README's sudoedit step: the data api set.
        assertThat(lineStarting(readme, "sudoedit /etc/sfdw/config.yml")).isNotNull();
        String template = Files.readString(config);
        Files.writeString(config, template.replace("https://data-api.CHANGE-ME.invalid/sf/query",
                "https://data-api.psi.ch/sf/query"));
        CommandRun accepted = run(staged(lineStarting(readme, "sudo java -jar /opt/sfdw/lib/sfdw.jar writer check")));
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(accepted.out()).isEqualTo(config + ": a valid writer configuration\n");

        Path units = root.resolve("etc/systemd/system");
        CommandRun verify = run(List.of("systemd-analyze", "verify", units.resolve("sfdw-broker.service").toString(),
                units.resolve("sfdw-writer@1.service").toString(), units.resolve("sfdw-writer@12.service").toString(),
                units.resolve("sfdw-sim.service").toString()));
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out() + verify.err()).isEmpty();
        assertThat(Files.readString(units.resolve("sfdw-broker.service")))
                .contains("ExecStartPre=/usr/bin/java $JAVA_OPTS -jar /opt/sfdw/lib/sfdw.jar broker check "
                        + "${SFDW_CONFIG}");
    }
}
