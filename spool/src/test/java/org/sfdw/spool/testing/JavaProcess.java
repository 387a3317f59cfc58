package org.sfdw.spool.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process under test that is a JVM of its own: this JVM's {@code java}, its module flags (Chronicle's
 * {@code --add-opens} among them) and system properties, its class path, and a main class. Its output goes to a log
 * file the test reads.
 */
public final class JavaProcess {

    private JavaProcess() {
    }

    public static List<String> command(Class<?> main, String... arguments) {
        return command(List.of(), main, arguments);
    }

    /** @param jvmOptions options of its own, e.g. a heap limit */
    public static List<String> command(List<String> jvmOptions, Class<?> main, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-D")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Started with stdout and stderr together in {@code log}. */
    public static Process start(Path log, Class<?> main, String... arguments) throws IOException {
        return new ProcessBuilder(command(main, arguments)).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
    }
}
