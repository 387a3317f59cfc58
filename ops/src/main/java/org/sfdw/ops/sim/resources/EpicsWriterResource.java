package org.sfdw.ops.sim.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code PUT /notify}: a stand-in for the facility's EPICS writer, so that the demo and the tests on the simulator
 * see the broker's notification arrive. It records nothing; it logs what it was asked to record.
 */
@Path("/notify")
public class EpicsWriterResource {

    private static final Logger LOG = LoggerFactory.getLogger(EpicsWriterResource.class);

    private final ObjectMapper mapper;
    private final AtomicLong told = new AtomicLong();

    public EpicsWriterResource(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response notify(byte[] body) {
        JsonNode notice;
        try {
            notice = mapper.readTree(body);
        } catch (IOException e) {
            return Response.status(400).entity("{\"error\": \"not JSON\"}").build();
        }
        JsonNode range = notice == null ? null : notice.path("range");
        if (range == null || !range.path("startPulseId").canConvertToLong()
                || !range.path("endPulseId").canConvertToLong()) {
            return Response.status(400).entity("{\"error\": \"no range with startPulseId and endPulseId\"}").build();
        }
        LOG.info("EPICS writer stand-in (notification {}): asked to record pulses {}..{} for {}",
                told.incrementAndGet(), range.get("startPulseId").asLong(), range.get("endPulseId").asLong(),
                notice.path("parameters").path("output_file").asText("(no output_file)"));
        return Response.ok("{}").build();
    }
}
