package org.sfdw.ingest.resources;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.sfdw.ingest.api.BrokerReply;
import org.sfdw.ingest.api.PythonJsonReplyWriter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Errors Jetty answers itself, before the broker's resources see the call (a NUL in the path, a malformed request
 * line, a method Dropwizard's filter refuses): as the broker's own refusals, {@code {"state": "error", "status":
 * "..."}}, not as HTML, so that DIA and scripts can read every answer the same way. It is the server's handler; the
 * servlet context has none of its own, so Jetty hands the context's errors to this one too.
 */
public final class JsonErrorHandler extends ErrorHandler {

    private final PythonJsonReplyWriter replies;

    public JsonErrorHandler(PythonJsonReplyWriter replies) {
        this.replies = replies;
    }

    /** Every method gets the body, PUT too: the broker's own calls are PUTs. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /**
     * JSON whatever the client said it accepts: the broker has no HTML pages. After a request Jetty could not parse,
     * the answer says the connection closes: Jetty does not keep that connection, and a client that was not told
     * would send its next call on it and get no answer at all (the JDK's client does not retry a PUT).
     */
    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code,
                                                 String message, Throwable cause) throws IOException {
        if (cause instanceof BadMessageException) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        return super.generateAcceptableResponse(request, response, callback, "application/json",
                List.of(StandardCharsets.UTF_8), code, message, cause);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        writer.write(new String(replies.bytes(BrokerReply.error("HTTP " + code + ": " + reason)),
                StandardCharsets.UTF_8));
    }
}
