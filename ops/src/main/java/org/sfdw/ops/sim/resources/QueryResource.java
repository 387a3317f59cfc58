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
import org.sfdw.ops.sim.core.FaultSwitch;
import org.sfdw.ops.sim.core.QueryResponseWriter.RequestedChannel;
import org.sfdw.ops.sim.core.QueryResponseWriter;
import org.sfdw.ops.sim.core.SimulatedValues;
import org.sfdw.rawevent.RawEventWriter;
import org.sfdw.spool.query.DataApiQuery;
import org.sfdw.spool.query.PulseRange;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /sf/query} (data-api.md §2-§3, JSON format, pulse-id or seconds ranges) and {@code POST /sf/query/mapping}
 * (§5), with the faults the {@link FaultSwitch} holds.
 */
@Path("/sf")
public class QueryResource {

    /** Bytes of the answer sent before a stall or a dropped connection. */
    private static final int PARTIAL_BYTES = 64 * 1024;

    private final ObjectMapper mapper;
    private final QueryResponseWriter responses;
    private final long maxPulsesPerQuery;
    private final FaultSwitch faults;

    public QueryResource(ObjectMapper mapper, QueryResponseWriter responses, long maxPulsesPerQuery, FaultSwitch faults) {
        this.mapper = mapper;
        this.responses = responses;
        this.maxPulsesPerQuery = maxPulsesPerQuery;
        this.faults = faults;
    }

    @POST
    @Path("query")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response query(String body) throws InterruptedException {
        JsonNode query;
        try {
            query = mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return error(400, "query is not valid JSON: " + e.getOriginalMessage(), "/sf/query");
        }
        if (query == null || !query.path("channels").isArray()) {
            return error(400, "query has no 'channels' list", "/sf/query");
        }
        PulseRange range;
        try {
            range = pulseRange(query.path("range"));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage(), "/sf/query");
        }
        long start = range.start();
        long end = range.end();
        if (end - start >= maxPulsesPerQuery) {
            return error(400, "pulse range " + start + ".." + end + " is longer than " + maxPulsesPerQuery, "/sf/query");
        }
        String format = query.path("response").path("format").asText("json");
        if (!format.equals("json") && !format.equals("rawevent")) {
            return error(400, "response format '" + format + "' is not supported by the simulator (json, rawevent)",
                    "/sf/query");
        }
        List<RequestedChannel> channels = new ArrayList<>();
        for (JsonNode c : query.get("channels")) {
            DataApiQuery.Channel channel = DataApiQuery.Channel.of(c);
            if (channel.name().isEmpty()) {
                return error(400, "a channel has no name: " + c, "/sf/query");
            }
            channels.add(new RequestedChannel(channel.name(), channel.backend()));
        }
        Optional<FaultSwitch.Fault> fault = faults.next();
        if (fault.isPresent()) {
            switch (fault.get().kind()) {
                case HTTP_500 -> {
                    return error(500, "simulated failure (fault switch http-500)", "/sf/query");
                }
                case DELAY -> Thread.sleep(fault.get().duration().toMillis());
                case MALFORMED -> {
                    return Response.ok("[{\"channel\": {\"name\": \"" + channels.get(0).name()
                            + "\"}, \"configs\": [{\"type\": \"float64\", \"shape\": [1]}], \"data\": [{\"pulseId\": "
                            + start + ",, \"value\": }]", MediaType.APPLICATION_JSON_TYPE).build();
                }
                default -> {
                    // STALL and TRUNCATE happen while the answer streams.
                }
            }
        }
        StreamingOutput stream = output -> {
            boolean midBody = fault.isPresent() && (fault.get().kind() == FaultSwitch.Kind.STALL
                    || fault.get().kind() == FaultSwitch.Kind.TRUNCATE);
            OutputStream target = midBody ? new FaultyOutput(output, fault.get()) : output;
            if (format.equals("rawevent")) {
                responses.writeRawEvent(new RawEventWriter(target, mapper), channels, start, end);
                target.flush();
                return;
            }
            try (JsonGenerator generator = mapper.getFactory().createGenerator(target)) {
                // A dropped connection must not be "repaired" by closing the open lists on the way out.
                generator.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
                responses.write(generator, channels, start, end);
            }
        };
        return Response.ok(stream, format.equals("rawevent") ? MediaType.APPLICATION_OCTET_STREAM_TYPE
                : MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** A pulse-id range as it is, or a seconds range mapped onto the simulator's 100 Hz pulses. */
    private static PulseRange pulseRange(JsonNode range) {
        Optional<PulseRange> pulses = PulseRange.ofRange(range);
        if (pulses.isPresent()) {
            return pulses.get();
        }
        if (range.has("startPulseId") || range.has("endPulseId") || !range.has("startSeconds")
                || !range.has("endSeconds")) {
            throw new IllegalArgumentException("range needs startPulseId <= endPulseId (or startSeconds and "
                    + "endSeconds); the simulator answers no other range");
        }
        long start = SimulatedValues.pulseAt(seconds(range.get("startSeconds")), false,
                range.path("startInclusive").asBoolean(true));
        long end = SimulatedValues.pulseAt(seconds(range.get("endSeconds")), true,
                range.path("endInclusive").asBoolean(true));
        // A time range between two pulses holds none: start..start-1 is empty.
        return new PulseRange(start, Math.max(end, start - 1));
    }

    private static BigDecimal seconds(JsonNode node) {
        try {
            return new BigDecimal(node.asText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seconds " + node + " is not a number", e);
        }
    }

    @POST
    @Path("query/mapping")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response mapping(String body) {
        JsonNode range;
        try {
            range = mapper.readTree(body == null ? "" : body).path("range");
        } catch (JsonProcessingException e) {
            return error(400, "mapping query is not valid JSON: " + e.getOriginalMessage(), "/sf/query/mapping");
        }
        Optional<PulseRange> pulses = PulseRange.ofRange(range);
        if (pulses.isEmpty()) {
            return error(400, "mapping needs range.startPulseId <= range.endPulseId", "/sf/query/mapping");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("backend", "sf-databuffer");
        answer.put("start", point(pulses.get().start()));
        answer.put("end", point(pulses.get().end()));
        return Response.ok(List.of(answer), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Map<String, Object> point(long pulseId) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("pulseId", pulseId);
        point.put("globalSeconds", SimulatedValues.globalSeconds(pulseId));
        point.put("globalDate", SimulatedValues.globalDate(pulseId));
        return point;
    }

    /** As the real server (Spring Boot): an error map with status and message. */
    private static Response error(int status, String message, String path) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("timestamp", System.currentTimeMillis());
        error.put("status", status);
        error.put("error", status == 500 ? "Internal Server Error" : "Bad Request");
        error.put("message", message);
        error.put("path", path);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }

    /** Passes the first bytes of the answer, then stalls for a while or drops the connection. */
    private static final class FaultyOutput extends FilterOutputStream {

        private final FaultSwitch.Fault fault;
        private long written;
        private boolean struck;

        FaultyOutput(OutputStream out, FaultSwitch.Fault fault) {
            super(out);
            this.fault = fault;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (struck && fault.kind() == FaultSwitch.Kind.TRUNCATE) {
                throw new IOException("simulated dropped connection (fault switch truncate)");
            }
            if (!struck && written + len > PARTIAL_BYTES) {
                int head = (int) Math.max(0, PARTIAL_BYTES - written);
                out.write(b, off, head);
                out.flush();
                struck = true;
                if (fault.kind() == FaultSwitch.Kind.TRUNCATE) {
                    throw new IOException("simulated dropped connection (fault switch truncate)");
                }
                try {
                    Thread.sleep(fault.duration().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("stall interrupted");
                }
                out.write(b, off + head, len - head);
                written += len;
                return;
            }
            out.write(b, off, len);
            written += len;
        }
    }
}
