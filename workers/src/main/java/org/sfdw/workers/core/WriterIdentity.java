package org.sfdw.workers.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who a writer process is across hosts: its host, the host's boot, its PID namespace and its pid. A pid alone says
 * nothing about a process on another host or in another PID namespace (a container), so a temporary file is only
 * taken for abandoned by the pid of its writer when that writer ran on this host, since its last boot, in this
 * namespace.
 *
 * @param host         the host name, reduced to letters, digits, dots and dashes
 * @param boot         the first 8 characters of the kernel's boot id, {@code noboot} where there is none
 * @param pidNamespace the inode of the PID namespace, {@code 0} where it cannot be read
 */
public record WriterIdentity(String host, String boot, String pidNamespace, long pid) {

    /** This process. */
    public static WriterIdentity ofThisProcess() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        String host = name.indexOf('@') < 0 ? "localhost" : name.substring(name.indexOf('@') + 1);
        return new WriterIdentity(host.replaceAll("[^A-Za-z0-9.-]", "_"), readBootId(), readPidNamespace(),
                ProcessHandle.current().pid());
    }

    /** {@code host~boot~namespace~pid}, as temporary file names carry it. */
    public String token() {
        return host + "~" + boot + "~" + pidNamespace + "~" + pid;
    }

    /** True when a process of {@code other} could be looked up by its pid from here. */
    public boolean sharesPidsWith(WriterIdentity other) {
        return host.equals(other.host) && boot.equals(other.boot) && pidNamespace.equals(other.pidNamespace);
    }

    /** True when {@code other} ran on this host before its last boot: it no longer runs. */
    public boolean outlived(WriterIdentity other) {
        return host.equals(other.host) && !boot.equals(other.boot) && !"noboot".equals(boot);
    }

    private static String readBootId() {
        try {
            String id = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip().replace("-", "");
            return id.length() >= 8 ? id.substring(0, 8) : "noboot";
        } catch (IOException | RuntimeException e) {
            return "noboot";
        }
    }

    private static String readPidNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return link.replaceAll("[^0-9]", "");
        } catch (IOException | RuntimeException e) {
            return "0";
        }
    }
}
