package org.sfdw.ingest.resources;

import org.eclipse.jetty.http.HttpStatus;
import org.sfdw.ingest.api.BrokerReply;
import org.sfdw.ingest.api.PythonJsonReplyWriter;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The body of an error Jetty answers itself, in the broker's own shape: {@code {"state": "error", ...}}. */
final class BrokerErrorBody {

    private final PythonJsonReplyWriter replies;

    BrokerErrorBody(PythonJsonReplyWriter replies) {
        this.replies = replies;
    }

    void write(PrintWriter writer, int code, String message) {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        writer.write(new String(replies.bytes(BrokerReply.error("HTTP " + code + ": " + reason)),
                StandardCharsets.UTF_8));
    }
}
