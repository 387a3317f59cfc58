package org.sfdw.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ops/bin/sfdw bench} as a shell runs it, once both jars are built: help on stdout with exit 0, a bad option
 * one line on stderr with exit 2, as every other command (ops' ToolsIT); the benchmarks in their own jar, none in the
 * service jar.
 */
class BenchCommandIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("sfdw-bench-out", ".txt");
        Path err = Files.createTempFile("sfdw-bench-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(REPO.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s still running", List.of(command)).isTrue();
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void benchAnswersHelpAndBadOptionsAsAUnixTool() throws Exception {
        String launcher = REPO.resolve("ops/bin/sfdw").toString();
        for (String help : List.of("--help", "-h")) {
            Run run = run(launcher, "bench", help);
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("usage: sfdw bench ").contains("micro");
            assertThat(run.err()).isEmpty();
        }
        Run bogus = run(launcher, "bench", "--bogus");
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

        Run refused = run(ProcessHandle.current().info().command().orElse("java"), "-jar", serviceJar.toString(),
                "bench", "writer");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().lines().toList()).singleElement().asString()
                .startsWith("sfdw bench: the benchmarks are in bench/target/sfdw-bench.jar");
    }
}
