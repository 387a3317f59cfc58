package org.sfdw.ingest.tasks;

import org.sfdw.ingest.core.RequestSpooler;
import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolRange;
import org.sfdw.spool.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /tasks/replay?from=<id|time>&to=<id|time>}: spools every request of the range again, as new requests
 * that name the one they replay ({@code rerun_of}), and answers with the new ids. A bad range answers
 * {@code error: <why>} and spools nothing.
 */
public class ReplayTask extends SpoolRangeTask {

    static final long MAX_REQUESTS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ReplayTask.class);

    private final RequestSpooler spooler;

    public ReplayTask(Spool spool, RequestSpooler spooler, ZoneId zone) {
        super("replay", spool, zone);
        this.spooler = spooler;
    }

    @Override
    protected void execute(SpoolRange range, PrintWriter output) {
        if (range.isEmpty()) {
            output.println("error: no spooled requests in that range (" + range.fromId() + ".." + range.toId()
                    + "); the spool holds " + spool.firstId() + ".." + spool.lastId());
            return;
        }
        if (range.size() > MAX_REQUESTS) {
            output.println("error: the range holds " + range.size() + " requests; replay at most " + MAX_REQUESTS
                    + " at once");
            return;
        }
        List<WriteRequest> copies = new ArrayList<>();
        spool.forEach(range.fromId(), range.toId(), e -> copies.add(e.request().asRerunOf(e.request().id())));
        List<WriteRequest> stored = spooler.append(copies);
        LOG.info("Replayed requests {}..{} as {}..{}", range.fromId(), range.toId(), stored.get(0).id(),
                stored.get(stored.size() - 1).id());
        output.println("replayed " + stored.size() + " requests");
        for (WriteRequest request : stored) {
            output.println(request.rerunOf() + " -> " + request.id());
        }
    }
}
