package org.sfdw.ingest.tasks;

import io.dropwizard.servlets.tasks.Task;
import org.sfdw.spool.AuditExport;
import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolRange;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/export?from=<id|time>&to=<id|time>}: the range as the original's audit-trail lines.
 * A range that does not parse answers with one line {@code error: <why>}.
 */
public class ExportTask extends Task {

    private final Spool spool;
    private final ZoneId zone;

    public ExportTask(Spool spool, ZoneId zone) {
        super("export");
        this.spool = spool;
        this.zone = zone;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        SpoolRange range;
        try {
            range = RangeParameters.parse(parameters, spool, zone);
        } catch (IllegalArgumentException e) {
            output.println("error: " + e.getMessage());
            return;
        }
        new AuditExport(spool, zone).write(range, output);
    }
}
