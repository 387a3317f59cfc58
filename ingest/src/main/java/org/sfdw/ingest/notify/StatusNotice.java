package org.sfdw.ingest.notify;

import org.sfdw.ingest.api.PythonJsonReplyWriter;
import org.sfdw.ingest.api.RequestViews;
import org.sfdw.spool.WriteRequest;

import java.util.Optional;

/**
 * The request's status as {@code GET /requests/<id>} answers it (the same bytes, without the notifications), for
 * every request: for a logbook or a run catalogue that wants to hear of each file.
 */
public final class StatusNotice implements NotificationBody {

    private final RequestViews views;
    private final PythonJsonReplyWriter replies;

    public StatusNotice(RequestViews views, PythonJsonReplyWriter replies) {
        this.views = views;
        this.replies = replies;
    }

    @Override
    public boolean isFor(WriteRequest request) {
        return true;
    }

    @Override
    public Optional<byte[]> body(WriteRequest request) {
        return Optional.of(replies.bytes(views.reply(request)));
    }
}
