package org.sfdw.bench;

import org.junit.jupiter.api.Test;
import org.sfdw.spool.testing.CommandRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ops/bin/sfdw bench} as a shell runs it, once both jars are built: help on stdout with exit 0, a bad option
 * one line on stderr with exit 2, as every other command (ops' ToolsIT); the benchmarks in their own jar, none in the
 * service jar.
 */
class BenchCommandIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private static CommandRun run(String... command) throws IOException, InterruptedException {
        return CommandRun.in(REPO, List.of(command));
    }

    @Test
    void benchAnswersHelpAndBadOptionsAsAUnixTool() throws Exception {
        String launcher = REPO.resolve("ops/bin/sfdw").toString();
        for (String help : List.of("--help", "-h")) {
            CommandRun run = run(launcher, "bench", help);
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("usage: sfdw bench ").contains("micro");
            assertThat(run.err()).isEmpty();
        }
        CommandRun bogus = run(launcher, "bench", "--bogus");
        assertThat(bogus.exitCode()).isEqualTo(2);
        assertThat(bogus.out()).isEmpty();
        assertThat(bogus.err().lines().toList()).singleElement().asString().startsWith("sfdw bench: ")
                .contains("'--bogus'").contains("(see 'sfdw bench --help')");
    }

    @Test
    void theServiceJarHoldsNoBenchmarkAndSaysWhereTheyAre() throws Exception {
        Path serviceJar = REPO.resolve("ops/target/sfdw.jar");
        List<String> benchClasses = new ArrayList<>();
        try (ZipFile jar = new ZipFile(serviceJar.toFile())) {
            jar.stream().filter(e -> e.getName().startsWith("org/sfdw/bench/")
                    || e.getName().startsWith("org/openjdk/jmh/")).forEach(e -> benchClasses.add(e.getName()));
        }
        assertThat(benchClasses).isEmpty();

        CommandRun refused = run(ProcessHandle.current().info().command().orElse("java"), "-jar", serviceJar.toString(),
                "bench", "writer");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().lines().toList()).singleElement().asString()
                .startsWith("sfdw bench: the benchmarks are in bench/target/sfdw-bench.jar");
    }
}
