package org.sfdw.ingest.health;

import com.codahale.metrics.health.HealthCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Free space where requests and files go: the spool (a full spool refuses acquisitions) and every output root
 * (a full one makes writers fail). Unhealthy below the configured minimum, naming the directory.
 */
public class DiskSpaceHealthCheck extends HealthCheck {

    private final Path spool;
    private final List<Path> outputRoots;
    private final long minFreeBytes;

    public DiskSpaceHealthCheck(Path spool, List<Path> outputRoots, long minFreeBytes) {
        this.spool = spool;
        this.outputRoots = List.copyOf(outputRoots);
        this.minFreeBytes = minFreeBytes;
    }

    /** Usable bytes on the file system holding {@code directory}, or its nearest existing parent. */
    public static OptionalLong freeBytes(Path directory) {
        Path existing = directory.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Files.getFileStore(existing).getUsableSpace());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The least free space over the output roots (the first to fill up decides), or -1 when none can be read. */
    public long leastFreeOutputBytes() {
        return outputRoots.stream().map(DiskSpaceHealthCheck::freeBytes).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).min().orElse(-1);
    }

    @Override
    protected Result check() {
        List<String> low = new ArrayList<>();
        List<String> all = new ArrayList<>();
        List<Path> directories = new ArrayList<>(List.of(spool));
        directories.addAll(outputRoots);
        for (Path directory : directories) {
            String role = directory.equals(spool) ? "spool " : "output root ";
            OptionalLong free = freeBytes(directory);
            if (free.isEmpty()) {
                low.add(role + directory + ": free space unknown");
                continue;
            }
            String text = role + directory + " " + gib(free.getAsLong()) + " free";
            all.add(text);
            if (free.getAsLong() < minFreeBytes) {
                low.add(text + " (minimum " + gib(minFreeBytes) + ")");
            }
        }
        return low.isEmpty() ? Result.healthy(String.join("; ", all))
                : Result.unhealthy("low disk space: " + String.join("; ", low));
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
