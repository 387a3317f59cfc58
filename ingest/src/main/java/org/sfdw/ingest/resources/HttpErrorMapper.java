package org.sfdw.ingest.resources;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.sfdw.ingest.api.BrokerReply;

import java.util.Set;
import java.util.TreeSet;

/**
 * The errors Jersey raises itself (a method an endpoint does not take, a body type it does not read, an answer type
 * it cannot give) as the broker's other refusals, {@code {"state": "error", "status": "..."}} with the HTTP status,
 * saying in words what was wrong and what the endpoint takes.
 */
public final class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    private UriInfo uri;

    @Context
    private Request request;

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        String call = (request == null ? "" : request.getMethod() + " ") + "/" + (uri == null ? "" : uri.getPath());
        String why = switch (status) {
            case 405 -> {
                Set<String> allowed = new TreeSet<>(original.getAllowedMethods());
                allowed.remove("OPTIONS");
                yield call + ": method not allowed; " + "/" + (uri == null ? "" : uri.getPath()) + " takes "
                        + String.join(", ", allowed);
            }
            case 415 -> call + ": a body of type " + (headers == null || headers.getMediaType() == null ? "(none)"
                    : headers.getMediaType()) + " is not accepted; send application/json";
            case 406 -> call + ": the broker answers only application/json, not " + (headers == null ? "?"
                    : headers.getAcceptableMediaTypes());
            default -> call + ": HTTP " + status + " " + Response.Status.fromStatusCode(status) + (exception.getMessage()
                    == null ? "" : " (" + exception.getMessage() + ")");
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(BrokerReply.error(why)).build();
    }
}
