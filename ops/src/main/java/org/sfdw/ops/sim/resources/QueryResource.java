package org.sfdw.ops.sim.resources;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.sfdw.ops.sim.core.QueryResponseWriter;
import org.sfdw.ops.sim.core.QueryResponseWriter.RequestedChannel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /sf/query}: the data api's query endpoint (data-api.md §2-§3), JSON format. */
@Path("/sf")
public class QueryResource {

    private final ObjectMapper mapper;
    private final QueryResponseWriter responses;
    private final long maxPulsesPerQuery;

    public QueryResource(ObjectMapper mapper, QueryResponseWriter responses, long maxPulsesPerQuery) {
        this.mapper = mapper;
        this.responses = responses;
        this.maxPulsesPerQuery = maxPulsesPerQuery;
    }

    @POST
    @Path("query")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response query(String body) {
        JsonNode query;
        try {
            query = mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return badRequest("query is not valid JSON: " + e.getOriginalMessage());
        }
        if (query == null || !query.path("channels").isArray()) {
            return badRequest("query has no 'channels' list");
        }
        JsonNode range = query.path("range");
        Long start = pulseId(range.get("startPulseId"));
        Long end = pulseId(range.get("endPulseId"));
        if (start == null || end == null) {
            return badRequest("the simulator answers pulse-id ranges only: range needs startPulseId and endPulseId");
        }
        if (end < start || end - start >= maxPulsesPerQuery) {
            return badRequest("pulse range " + start + ".." + end + " is empty or longer than " + maxPulsesPerQuery);
        }
        String format = query.path("response").path("format").asText("json");
        if (!format.equals("json")) {
            return badRequest("response format '" + format + "' is not supported by the simulator");
        }
        List<RequestedChannel> channels = new ArrayList<>();
        for (JsonNode c : query.get("channels")) {
            String name = c.isTextual() ? c.asText() : c.path("name").asText("");
            if (name.isEmpty()) {
                return badRequest("a channel has no name: " + c);
            }
            channels.add(new RequestedChannel(name, c.path("backend").asText("sf-databuffer")));
        }
        StreamingOutput stream = output -> {
            try (JsonGenerator generator = mapper.getFactory().createGenerator(output)) {
                responses.write(generator, channels, start, end);
            }
        };
        return Response.ok(stream, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Long pulseId(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.canConvertToExactIntegral() && node.isNumber()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** As the real server (Spring Boot): an error map with status and message. */
    private static Response badRequest(String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("timestamp", System.currentTimeMillis());
        error.put("status", 400);
        error.put("error", "Bad Request");
        error.put("message", message);
        error.put("path", "/sf/query");
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }
}
