package org.sfdw.ingest.resources;

import com.codahale.metrics.annotation.Timed;
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
import org.sfdw.ingest.core.BrokerStatistics;
import org.sfdw.ingest.core.ParametersValidator;
import org.sfdw.ingest.core.ProcessExit;
import org.sfdw.ingest.core.RejectedException;
import org.sfdw.ingest.core.RequestSpooler;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.forward.Forwarder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** The original broker's REST API, path for path. Refusals are HTTP 200 with state "error", as the original. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class BrokerResource {

    public static final String REQUEST_IDS_HEADER = "X-Request-Ids";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerResource.class);

    private final Acquisition acquisition;
    private final ParametersValidator validator;
    private final BrokerStatistics statistics;
    private final RequestSpooler spooler;
    private final Optional<Forwarder> forwarder;
    private final ProcessExit exit;
    private final boolean killEnabled;
    private final ObjectMapper mapper;
    private final Bodies bodies;
    private final Refusals refusals;

    public BrokerResource(Acquisition acquisition, ParametersValidator validator, BrokerStatistics statistics,
                          RequestSpooler spooler, Optional<Forwarder> forwarder, ProcessExit exit, boolean killEnabled,
                          ObjectMapper mapper, int maxBodyBytes) {
        this.acquisition = acquisition;
        this.validator = validator;
        this.statistics = statistics;
        this.spooler = spooler;
        this.forwarder = forwarder;
        this.exit = exit;
        this.killEnabled = killEnabled;
        this.mapper = mapper;
        this.bodies = new Bodies(maxBodyBytes);
        this.refusals = new Refusals(statistics);
    }

    @GET
    @Path("status")
    @Timed
    public BrokerReply status() {
        return BrokerReply.ok(acquisition.status().name());
    }

    @POST
    @Path("parameters")
    @Consumes(MediaType.WILDCARD)
    @Timed
    public Response parameters(InputStream body) {
        return refusals.original("POST /parameters", () -> {
            JsonNode json;
            try {
                json = mapper.readTree(bodies.read(body));
            } catch (JsonProcessingException e) {
                throw new RejectedException("parameters are not valid JSON: " + e.getOriginalMessage());
            }
            AcquisitionParameters parameters = validator.validate(json);
            acquisition.configure(parameters);
            return Response.ok(BrokerReply.ok(acquisition.status().name()).with("parameters", parameters.values()))
                    .build();
        });
    }

    @GET
    @Path("stop")
    @Timed
    public BrokerReply stop() {
        acquisition.clear();
        return BrokerReply.ok(acquisition.status().name());
    }

    @GET
    @Path("kill")
    public Response kill() {
        if (!killEnabled) {
            statistics.rejected();
            LOG.warn("GET /kill refused: killEnabled is false in the configuration");
            return Response.ok(BrokerReply.error("/kill is disabled in this broker's configuration (killEnabled)"))
                    .build();
        }
        LOG.warn("GET /kill: the broker exits now (spooled requests are safe and resume on restart)");
        exit.exitSoon();
        return Response.ok().build();
    }

    @GET
    @Path("statistics")
    @Timed
    public BrokerReply statistics() {
        return BrokerReply.ok(acquisition.status().name()).with("statistics", statistics.toJson(mapper,
                forwarder.map(Forwarder::forwardedCount).orElse(0L), spooler.lastId(), forwarder.isPresent()));
    }

    @PUT
    @Path("start_pulse_id/{id}")
    @Timed
    public Response startPulseId(@PathParam("id") String id) {
        return refusals.original("PUT /start_pulse_id/" + id, () -> {
            acquisition.start(pulseId(id, "start_pulse_id"));
            return Response.ok().build();
        });
    }

    @PUT
    @Path("stop_pulse_id/{id}")
    @Timed
    public Response stopPulseId(@PathParam("id") String id) {
        return refusals.original("PUT /stop_pulse_id/" + id, () -> {
            List<WriteRequest> spooled = acquisition.stop(pulseId(id, "stop_pulse_id"));
            return RequestsResource.withRequestIds(Response.ok(), spooled).build();
        });
    }

    private static long pulseId(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RejectedException(what + " must be a whole number, got '" + text + "'");
        }
    }
}
