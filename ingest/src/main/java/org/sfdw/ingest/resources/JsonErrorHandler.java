package org.sfdw.ingest.resources;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.sfdw.ingest.api.PythonJsonReplyWriter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Errors Jetty answers itself before a request reaches the broker's servlet context (a malformed request line, a
 * path Jetty will not route): as the broker's own refusals, {@code {"state": "error", "status": "..."}}, not as
 * HTML, so that DIA and scripts can read every answer the same way. {@link JsonServletErrorHandler} does the same
 * inside the context.
 */
public final class JsonErrorHandler extends ErrorHandler {

    private final BrokerErrorBody body;

    public JsonErrorHandler(PythonJsonReplyWriter replies) {
        this.body = new BrokerErrorBody(replies);
    }

    /** Every method gets the body, PUT too: the broker's own calls are PUTs. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /**
     * JSON whatever the client said it accepts: the broker has no HTML pages. The connection is closed after it, and
     * the answer says so: Jetty does not keep a connection whose request it could not parse, and a client that was
     * not told would send its next call on it and get no answer at all (the JDK's client does not retry a PUT).
     */
    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code,
                                                 String message, Throwable cause) throws IOException {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        return super.generateAcceptableResponse(request, response, callback, "application/json",
                List.of(StandardCharsets.UTF_8), code, message, cause);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        body.write(writer, code, message);
    }
}
