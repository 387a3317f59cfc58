package org.sfdw.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import org.sfdw.spool.Spool;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Healthy while the spool takes requests: its directory is there and writable, its disk has at least the reserve
 * free, and no fault stopped its appends.
 */
public class SpoolHealthCheck extends HealthCheck {

    private final Spool spool;

    public SpoolHealthCheck(Spool spool) {
        this.spool = spool;
    }

    @Override
    protected Result check() {
        Path directory = spool.directory();
        if (!Files.isDirectory(directory)) {
            return Result.unhealthy("spool directory " + directory + " is gone");
        }
        if (!Files.isWritable(directory)) {
            return Result.unhealthy("spool directory " + directory + " is not writable: new requests would be refused");
        }
        if (spool.fault().isPresent()) {
            return Result.unhealthy("spool " + directory + " stopped accepting requests after a fault: "
                    + spool.fault().get() + "; the broker restarts");
        }
        if (!spool.reserve().hasRoom(directory)) {
            return Result.unhealthy(String.format(java.util.Locale.ROOT, "spool disk of %s has %.1f MiB free, below "
                            + "the reserve of %.1f MiB (spool.minFreeSpace): stop_pulse_id is refused until space is "
                            + "freed", directory, DiskSpaceHealthCheck.freeBytes(directory).orElse(-1) / 1048576.0,
                    spool.reserve().reserveBytes() / 1048576.0));
        }
        return Result.healthy("spool at " + directory + ", last request " + spool.lastId());
    }
}
