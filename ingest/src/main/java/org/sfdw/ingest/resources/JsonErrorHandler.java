package org.sfdw.ingest.resources;

import org.sfdw.ingest.api.PythonJsonReplyWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.sfdw.ingest.api.BrokerReply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Errors Jetty answers itself, before the broker's resources see the call (a NUL in the path, a malformed request
 * line, an unknown path): as the broker's own refusals, {@code {"state": "error", "status": "..."}}, not as HTML,
 * so that DIA and scripts can read every answer the same way.
 */
public final class JsonErrorHandler extends ErrorHandler {

    private final PythonJsonReplyWriter replies;

    public JsonErrorHandler(PythonJsonReplyWriter replies) {
        this.replies = replies;
    }

    private byte[] body(int code, String message) throws IOException {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        return replies.bytes(BrokerReply.error("HTTP " + code + ": " + reason));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        response.setContentType("application/json");
        response.getOutputStream().write(body(code, message));
        baseRequest.setHandled(true);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        try {
            return ByteBuffer.wrap(body(status, reason));
        } catch (IOException e) {
            return ByteBuffer.wrap(("{\"state\": \"error\", \"status\": \"HTTP " + status + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }
}
