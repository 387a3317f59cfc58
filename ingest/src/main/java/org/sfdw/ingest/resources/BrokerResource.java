package org.sfdw.ingest.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.sfdw.ingest.api.BrokerReply;
import org.sfdw.ingest.core.Acquisition;
import org.sfdw.ingest.core.AcquisitionParameters;
import org.sfdw.ingest.core.RejectedException;
import org.sfdw.spool.SpoolUnavailableException;
import org.sfdw.spool.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The original broker's REST API. Refusals are HTTP 200 with state "error", as the original answered. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class BrokerResource {

    public static final String REQUEST_IDS_HEADER = "X-Request-Ids";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerResource.class);

    private final Acquisition acquisition;
    private final ObjectMapper mapper;

    public BrokerResource(Acquisition acquisition, ObjectMapper mapper) {
        this.acquisition = acquisition;
        this.mapper = mapper;
    }

    @GET
    @Path("status")
    public BrokerReply status() {
        return BrokerReply.ok(acquisition.status().name());
    }

    @POST
    @Path("parameters")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public Response parameters(String body) {
        return refusing("POST /parameters", () -> {
            JsonNode json;
            try {
                json = mapper.readTree(body == null ? "" : body);
            } catch (JsonProcessingException e) {
                throw new RejectedException("parameters are not valid JSON: " + e.getOriginalMessage());
            }
            AcquisitionParameters parameters = AcquisitionParameters.validate(json);
            acquisition.configure(parameters);
            return Response.ok(BrokerReply.okWithParameters(acquisition.status().name(), parameters.values())).build();
        });
    }

    @GET
    @Path("stop")
    public BrokerReply stop() {
        acquisition.clear();
        return BrokerReply.ok(acquisition.status().name());
    }

    @PUT
    @Path("start_pulse_id/{id}")
    public Response startPulseId(@PathParam("id") String id) {
        return refusing("PUT /start_pulse_id/" + id, () -> {
            acquisition.start(pulseId(id, "start_pulse_id"));
            return Response.ok().build();
        });
    }

    @PUT
    @Path("stop_pulse_id/{id}")
    public Response stopPulseId(@PathParam("id") String id) {
        return refusing("PUT /stop_pulse_id/" + id, () -> {
            List<WriteRequest> spooled = acquisition.stop(pulseId(id, "stop_pulse_id"));
            Response.ResponseBuilder ok = Response.ok();
            if (!spooled.isEmpty()) {
                ok.header(REQUEST_IDS_HEADER, spooled.stream().map(r -> Long.toString(r.id()))
                        .collect(Collectors.joining(",")));
            }
            return ok.build();
        });
    }

    private static long pulseId(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RejectedException(what + " must be a whole number, got '" + text + "'");
        }
    }

    private static Response refusing(String call, Supplier<Response> action) {
        try {
            return action.get();
        } catch (RejectedException e) {
            LOG.warn("{} refused: {}", call, e.getMessage());
            return Response.ok(BrokerReply.error(e.getMessage())).build();
        } catch (SpoolUnavailableException e) {
            LOG.error("{} failed, nothing was accepted: {}", call, e.getMessage(), e);
            return Response.ok(BrokerReply.error("request not accepted, the spool failed: " + e.getMessage())).build();
        }
    }
}
