package org.sfdw.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sfdw bench micro [PATTERN...]}: the JMH benchmarks of {@code org.sfdw.bench.micro}, with settings short
 * enough for a laptop (one fork, 3 warm-up and 5 measured iterations of a second); {@code BENCH_JMH_OPTS} adds or
 * overrides JMH options, e.g. {@code "-f 3 -prof gc"}.
 */
final class MicroBenchmarks {

    private MicroBenchmarks() {
    }

    static String[] jmhArguments(String[] patterns) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("-f", "1", "-wi", "3", "-w", "1s", "-i", "5",
                "-r", "1s"));
        List<String> flags = new ArrayList<>();
        String extra = System.getenv("BENCH_JMH_OPTS");
        List<String> words = extra == null || extra.isBlank() ? List.of() : Arrays.asList(extra.trim().split("\\s+"));
        for (int i = 0; i < words.size(); i++) {
            boolean valued = i + 1 < words.size() && !words.get(i + 1).startsWith("-");
            if (words.get(i).startsWith("-") && valued) {
                options.put(words.get(i), words.get(++i)); // JMH refuses an option given twice: this one wins
            } else {
                flags.add(words.get(i));
            }
        }
        List<String> arguments = new ArrayList<>();
        options.forEach((option, value) -> arguments.addAll(List.of(option, value)));
        arguments.addAll(flags);
        if (patterns.length == 0) {
            arguments.add("org\\.sfdw\\.bench\\.micro\\..*");
        } else {
            arguments.addAll(Arrays.asList(patterns));
        }
        return arguments.toArray(String[]::new);
    }
}
