package org.sfdw.ops.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options and plain arguments of a launcher command. */
final class Options {

    private final Map<String, String> named = new HashMap<>();
    private final List<String> arguments = new ArrayList<>();

    /** @throws IllegalArgumentException for an option not in {@code allowed} or one without its value */
    Options(String[] args, Set<String> allowed) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String name = args[i].substring(2);
                if (!allowed.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + " (known: " + allowed + ")");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                named.put(name, args[++i]);
            } else {
                arguments.add(args[i]);
            }
        }
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(named.get(name));
    }

    List<String> arguments() {
        return arguments;
    }

    /** {@code --config}, else {@code $SFDW_CONFIG}, else {@code config.yml} in the working directory. */
    Path configFile() {
        return Path.of(get("config").or(() -> Optional.ofNullable(System.getenv("SFDW_CONFIG"))).orElse("config.yml"));
    }
}
