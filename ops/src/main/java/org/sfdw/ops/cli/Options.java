package org.sfdw.ops.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The options (by their long names) and file arguments of a parsed command line ({@link CommandLine}). */
public final class Options {

    private final Map<String, String> named = new HashMap<>();
    private final List<String> arguments = new ArrayList<>();

    /** From what {@link CommandLine} parsed: string options by their names, {@code FILE...} as the arguments. */
    public static Options of(net.sourceforge.argparse4j.inf.Namespace parsed) {
        Options options = new Options();
        parsed.getAttrs().forEach((key, value) -> {
            if (value instanceof String text) {
                options.named.put(key.replace('_', '-'), text);
            }
        });
        List<Object> files = parsed.getList("files");
        if (files != null) {
            files.forEach(f -> options.arguments.add(String.valueOf(f)));
        }
        return options;
    }

    private Options() {
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(named.get(name));
    }

    public List<String> arguments() {
        return arguments;
    }

    /** {@code --config}, else {@code $SFDW_CONFIG}, else {@code config.yml} in the working directory. */
    public Path configFile() {
        return Path.of(get("config").or(() -> Optional.ofNullable(System.getenv("SFDW_CONFIG"))).orElse("config.yml"));
    }
}
