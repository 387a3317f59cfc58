package org.sfdw.ops;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second "host" on this machine: a network namespace joined to this one by a veth pair, 10.213.0.1 here and
 * 10.213.0.2 there, and nothing else (no route out). The link can be cut and restored. Needs root and {@code ip};
 * where the machine does not allow it, the test is skipped with a message that says so.
 */
final class TwoHosts implements AutoCloseable {

    static final String HERE = "10.213.0.1";
    static final String THERE = "10.213.0.2";

    private final String namespace;
    private final String link;

    private TwoHosts(String namespace, String link) {
        this.namespace = namespace;
        this.link = link;
    }

    static TwoHosts create() {
        String suffix = Long.toString(ProcessHandle.current().pid() % 100_000);
        String namespace = "sfdw-host-" + suffix;
        String link = "sfdwv" + suffix;
        TwoHosts hosts = new TwoHosts(namespace, link);
        String failed = hosts.tryCreate();
        if (failed != null) {
            hosts.close();
            Assumptions.abort("skipped: this machine does not allow a network namespace with a veth pair for the "
                    + "several-hosts test (needs root and ip): " + failed);
        }
        return hosts;
    }

    private String tryCreate() {
        List<List<String>> steps = List.of(
                List.of("ip", "netns", "add", namespace),
                List.of("ip", "link", "add", link, "type", "veth", "peer", "name", link + "p"),
                List.of("ip", "link", "set", link + "p", "netns", namespace),
                List.of("ip", "addr", "add", HERE + "/30", "dev", link),
                List.of("ip", "link", "set", link, "up"),
                List.of("ip", "netns", "exec", namespace, "ip", "addr", "add", THERE + "/30", "dev", link + "p"),
                List.of("ip", "netns", "exec", namespace, "ip", "link", "set", link + "p", "up"),
                List.of("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up"));
        for (List<String> step : steps) {
            String failed = run(step);
            if (failed != null) {
                return failed;
            }
        }
        return null;
    }

    /** The command prefix that runs a process on the other host. */
    List<String> there() {
        return List.of("ip", "netns", "exec", namespace);
    }

    /** Cuts the link: packets between the hosts are dropped, no connection is told. */
    void cut() {
        check(run(List.of("ip", "link", "set", link, "down")));
    }

    void restore() {
        check(run(List.of("ip", "link", "set", link, "up")));
    }

    private static void check(String failed) {
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }

    /** @return null on success, else the command and what it said */
    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(process.getInputStream().readAllBytes()).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + ": did not end";
            }
            return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + said;
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        List<String> ignored = new ArrayList<>();
        ignored.add(run(List.of("ip", "netns", "del", namespace)));
        ignored.add(run(List.of("ip", "link", "del", link)));
    }
}
