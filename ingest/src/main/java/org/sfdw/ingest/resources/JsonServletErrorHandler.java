package org.sfdw.ingest.resources;

import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.sfdw.ingest.api.PythonJsonReplyWriter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@link JsonErrorHandler} for errors inside the broker's servlet context (a NUL in the path, an error Jersey
 * leaves to the container). Jetty 12 keeps the two apart: the servlet one must finish the servlet's exchange.
 */
public final class JsonServletErrorHandler extends ErrorHandler {

    private final BrokerErrorBody body;

    public JsonServletErrorHandler(PythonJsonReplyWriter replies) {
        this.body = new BrokerErrorBody(replies);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code,
                                                 String message, Throwable cause) throws IOException {
        return super.generateAcceptableResponse(request, response, callback, "application/json",
                List.of(StandardCharsets.UTF_8), code, message, cause);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        body.write(writer, code, message);
    }
}
