package org.sfdw.ingest.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import org.sfdw.spool.json.PythonJson;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Writes every {@link BrokerReply} as the original broker's bottle app did, through Python's {@code json.dumps}:
 * {@code {"state": "ok", "status": "stopped"}}, with {@code ", "} and {@code ": "}, non-ASCII as {@code \\uXXXX}
 * and floats as Python's {@code repr}, so that shell scripts that grep or diff the replies keep working.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public final class PythonJsonReplyWriter implements MessageBodyWriter<BrokerReply> {

    private final ObjectMapper mapper;
    private final PythonJson json;

    public PythonJsonReplyWriter(ObjectMapper mapper) {
        this.mapper = mapper;
        this.json = new PythonJson(mapper);
    }

    /** The reply's bytes, also for answers Jetty gives itself. */
    public byte[] bytes(BrokerReply reply) {
        return json.dumps(mapper.valueToTree(reply.fields())).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return BrokerReply.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(BrokerReply reply, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out)
            throws IOException, WebApplicationException {
        out.write(bytes(reply));
    }
}
