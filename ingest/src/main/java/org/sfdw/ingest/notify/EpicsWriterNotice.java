package org.sfdw.ingest.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sfdw.spool.RequestParameters;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.json.PythonJson;
import org.sfdw.spool.query.DataApiQuery;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the original broker told its EPICS writer after a stop (bsread.md §7.4): {@code PUT <epics_writer_url>} with
 * {@code {"range": <the query's range>, "parameters": <the parameters>}}, as Python's {@code requests} sends
 * {@code json=}: {@code json.dumps} with its defaults, UTF-8. Only for the stop's first request, the one for the
 * non-camera channels whose {@code output_file} is the acquisition's own; never for a camera's request or a re-run.
 */
public final class EpicsWriterNotice implements NotificationBody {

    private final PythonJson json;

    public EpicsWriterNotice(PythonJson json) {
        this.json = json;
    }

    /** Whether the original would have sent one for {@code request}; the body is not made. */
    @Override
    public boolean isFor(WriteRequest request) {
        return request.rerunOf() == WriteRequest.NO_ID
                && !isCameraRequest(json.parse(request.dataApiRequest()), json.parse(request.parameters()));
    }

    /** The body for {@code request}, or empty when the original would not have sent one for it. */
    @Override
    public Optional<byte[]> body(WriteRequest request) {
        if (!isFor(request)) {
            return Optional.empty();
        }
        JsonNode query = json.parse(request.dataApiRequest());
        JsonNode parameters = json.parse(request.parameters());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("range", query.path("range"));
        body.set("parameters", parameters);
        return Optional.of(json.dumps(body).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A request the broker made for one camera (with camera separation): its only channel is a picture one, from the
     * image buffer, and its file is the acquisition's with {@code _<camera>.h5} appended.
     */
    private static boolean isCameraRequest(JsonNode query, JsonNode parameters) {
        JsonNode channels = query.path("channels");
        if (channels.size() != 1) {
            return false;
        }
        DataApiQuery.Channel channel = DataApiQuery.Channel.of(channels.get(0));
        if (!DataApiQuery.isPicture(channel.name()) || !DataApiQuery.IMAGEBUFFER.equals(channel.backend())) {
            return false;
        }
        String camera = channel.name().substring(0, channel.name().length() - DataApiQuery.PICTURE_SUFFIX.length());
        return parameters.path(RequestParameters.OUTPUT_FILE).asText("").endsWith("_" + camera + ".h5");
    }
}
