package org.sfdw.ops;

import org.junit.jupiter.api.Test;
import org.sfdw.ops.cli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One parser for every command: the README and the launcher agree with it. */
class CommandLineTest {

    private final CommandLine commandLine = new CommandLine();

    @Test
    void theReadmesCommandListIsTheParsersUsageText() throws Exception {
        String readme = Files.readString(LauncherProcesses.REPO.resolve("README.md"));
        Matcher block = Pattern.compile("(?s)<!-- sfdw help -->\\n```\\n(.*?)```\\n<!-- /sfdw help -->").matcher(readme);
        assertThat(block.find()).as("README has the generated command list").isTrue();
        assertThat(block.group(1)).as("regenerate it with 'ops/bin/sfdw help'").isEqualTo(commandLine.usage());
    }

    @Test
    void theLaunchersCommandsAreItsOwnAndTheJarsAndNothingElse() throws Exception {
        String launcher = Files.readString(LauncherProcesses.REPO.resolve("ops/bin/sfdw"));
        String cases = launcher.substring(launcher.indexOf("case \"${1:-help}\" in"), launcher.lastIndexOf("esac"));
        TreeSet<String> handled = new TreeSet<>();
        Matcher label = Pattern.compile("(?m)^  ([a-z|-]+)\\)").matcher(cases);
        while (label.find()) {
            handled.addAll(Arrays.asList(label.group(1).split("\\|")));
        }
        handled.removeAll(List.of("-h", "--help"));
        List<String> expected = new ArrayList<>(CommandLine.LAUNCHER_COMMANDS);
        expected.addAll(CommandLine.jarCommands());
        assertThat(handled).containsExactlyInAnyOrderElementsOf(expected);
        String usage = launcher.substring(launcher.indexOf("usage() {"), launcher.indexOf("as_root() {"));
        for (String own : CommandLine.LAUNCHER_COMMANDS) {
            assertThat(usage).as("the launcher's usage names " + own).containsPattern("(?m)^  " + own + " ");
        }
        for (String command : CommandLine.jarCommands()) {
            assertThat(commandLine.usage()).as("the jar's usage names " + command).contains("    " + command + " ");
        }
    }

    @Test
    void helpIsOnStdoutAndAUsageErrorIsOneLineOnStderr() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> commandLine.parse(new String[]{"help"}, stdout, stderr))
                .isInstanceOfSatisfying(CommandLine.Stop.class, stop -> assertThat(stop.exitCode()).isZero());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(commandLine.usage());
        assertThat(err.size()).isZero();

        assertThatThrownBy(() -> commandLine.parse(new String[]{"write", "--outptu", "x", "a.err"}, stdout, stderr))
                .isInstanceOfSatisfying(CommandLine.Stop.class, stop -> assertThat(stop.exitCode()).isEqualTo(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("sfdw write: unrecognized arguments: '--outptu' "
                + "(see 'sfdw write --help')\n");
        err.reset();
        assertThatThrownBy(() -> commandLine.parse(new String[]{"spool", "salvage"}, stdout, stderr))
                .isInstanceOf(CommandLine.Stop.class);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("sfdw spool salvage: argument --to is required "
                + "(see 'sfdw spool salvage --help')\n");
    }

    @Test
    void aCommandLineGivesTheToolItsOptionsAndFiles() throws Exception {
        CommandLine.Parsed parsed = commandLine.parse(new String[]{"write", "a.err", "b.err", "--output", "/tmp/x/",
                "--data-api", "http://h/sf/query", "--verbose"}, System.out, System.err);
        assertThat(parsed.command()).isEqualTo("write");
        assertThat(parsed.verbose()).isTrue();
        org.sfdw.ops.cli.Options options = org.sfdw.ops.cli.Options.of(parsed.arguments());
        assertThat(options.arguments()).containsExactly("a.err", "b.err");
        assertThat(options.get("output")).hasValue("/tmp/x/");
        assertThat(options.get("data-api")).hasValue("http://h/sf/query");
        assertThat(commandLine.parse(new String[]{"spool", "salvage", "--to", "d", "--resume-from", "7"}, System.out,
                System.err).command()).isEqualTo("spool salvage");
        assertThat(CommandLine.options("spool", "salvage", "--to", "d", "--resume-from", "7").get("resume-from"))
                .hasValue("7");
    }
}
