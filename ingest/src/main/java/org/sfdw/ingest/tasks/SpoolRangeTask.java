package org.sfdw.ingest.tasks;

import io.dropwizard.servlets.tasks.Task;
import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolRange;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * An admin task over a range of the spool, {@code ?from=<id|time>&to=<id|time>}; a range that does not parse
 * answers with one line {@code error: <why>} and does nothing.
 */
abstract class SpoolRangeTask extends Task {

    protected final Spool spool;
    private final ZoneId zone;

    SpoolRangeTask(String name, Spool spool, ZoneId zone) {
        super(name);
        this.spool = spool;
        this.zone = zone;
    }

    protected ZoneId zone() {
        return zone;
    }

    @Override
    public final void execute(Map<String, List<String>> parameters, PrintWriter output) {
        SpoolRange range;
        try {
            range = SpoolRange.parse(first(parameters, "from"), first(parameters, "to"), spool, zone);
        } catch (IllegalArgumentException e) {
            output.println("error: " + e.getMessage());
            return;
        }
        execute(range, output);
    }

    protected abstract void execute(SpoolRange range, PrintWriter output);

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
