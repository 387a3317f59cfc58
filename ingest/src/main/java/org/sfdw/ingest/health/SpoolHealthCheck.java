package org.sfdw.ingest.health;

import com.codahale.metrics.health.HealthCheck;

import java.nio.file.Files;
import java.nio.file.Path;

/** Healthy while the spool directory exists and this process can write to it. */
public class SpoolHealthCheck extends HealthCheck {

    private final Path directory;

    public SpoolHealthCheck(Path directory) {
        this.directory = directory;
    }

    @Override
    protected Result check() {
        if (!Files.isDirectory(directory)) {
            return Result.unhealthy("spool directory " + directory + " is gone");
        }
        if (!Files.isWritable(directory)) {
            return Result.unhealthy("spool directory " + directory + " is not writable: new requests would be refused");
        }
        return Result.healthy("spool at " + directory);
    }
}
