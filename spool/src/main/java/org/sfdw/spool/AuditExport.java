package org.sfdw.spool;

import java.io.PrintWriter;
import java.time.ZoneId;

/** Writes a range of the spool as the original's audit trail: one line per request, stamped when it was spooled. */
public final class AuditExport {

    private final Spool spool;
    private final ZoneId zone;

    public AuditExport(Spool spool, ZoneId zone) {
        this.spool = spool;
        this.zone = zone;
    }

    /** @return how many lines were written */
    public long write(SpoolRange range, PrintWriter out) {
        return write(range, out, damage -> {
            throw damage;
        });
    }

    /** Writes what reads, handing each damaged record to {@code damaged} and going on after it. */
    public long write(SpoolRange range, PrintWriter out,
                      java.util.function.Consumer<org.sfdw.spool.store.DamagedRecordException> damaged) {
        long[] count = new long[1];
        spool.forEach(range.fromId(), range.toId(), entry -> {
            out.print(AuditLine.format(entry.request(), SpoolRange.localTime(entry.spooledAtMillis(), zone)));
            out.print('\n');
            count[0]++;
        }, damaged);
        out.flush();
        return count[0];
    }
}
