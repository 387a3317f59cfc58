package org.sfdw.ingest.tasks;

import org.sfdw.spool.AuditExport;
import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolRange;

import java.io.PrintWriter;
import java.time.ZoneId;

/** {@code POST /tasks/export?from=<id|time>&to=<id|time>}: the range as the original's audit-trail lines. */
public class ExportTask extends SpoolRangeTask {

    public ExportTask(Spool spool, ZoneId zone) {
        super("export", spool, zone);
    }

    @Override
    protected void execute(SpoolRange range, PrintWriter output) {
        new AuditExport(spool, zone()).write(range, output);
    }
}
