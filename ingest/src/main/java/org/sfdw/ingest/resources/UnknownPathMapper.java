package org.sfdw.ingest.resources;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.sfdw.ingest.api.BrokerReply;

/** A path the broker does not serve: answered as its other refusals, naming the paths it has. */
public final class UnknownPathMapper implements ExceptionMapper<NotFoundException> {

    @Context
    private UriInfo uri;

    @Override
    public Response toResponse(NotFoundException exception) {
        String path = uri == null ? "" : "/" + uri.getPath();
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(BrokerReply.error("no such endpoint " + path + "; the broker serves /status, /parameters, "
                        + "/start_pulse_id/<id>, /stop_pulse_id/<id>, /stop, /kill, /statistics and /requests"))
                .build();
    }
}
