package org.sfdw.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.request.logging.RequestLogFactory;
import io.dropwizard.request.logging.old.ClassicLogFormat;
import jakarta.validation.constraints.NotNull;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.TimeZone;

/**
 * {@code requestLog: {type: debug}}, the services' default: one line per request in the classic (NCSA) form, on
 * the logger {@code http.request} at DEBUG. With that logger at INFO, as the shipped configurations have it, a
 * request costs one level check and no line; {@code POST /tasks/log-level?logger=http.request&level=DEBUG} on the
 * admin port turns the lines on in a running service.
 */
@JsonTypeName("debug")
public final class DebugRequestLogFactory implements RequestLogFactory<RequestLog> {

    static final String LOGGER = "http.request";

    @NotNull
    private TimeZone timeZone = TimeZone.getTimeZone("UTC");

    @JsonProperty
    public TimeZone getTimeZone() {
        return timeZone;
    }

    @JsonProperty
    public void setTimeZone(TimeZone timeZone) {
        this.timeZone = timeZone;
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public RequestLog build(String name) {
        return new DebugRequestLog(LoggerFactory.getLogger(LOGGER), ClassicLogFormat.pattern(timeZone));
    }

    /** Formats a request only when its line would be written. */
    private static final class DebugRequestLog extends ContainerLifeCycle implements RequestLog {
        private final Logger logger;
        private final CustomRequestLog format;

        DebugRequestLog(Logger logger, String pattern) {
            this.logger = logger;
            this.format = new CustomRequestLog(logger::debug, pattern);
            addBean(format);
        }

        @Override
        public void log(Request request, Response response) {
            if (logger.isDebugEnabled()) {
                format.log(request, response);
            }
        }
    }
}
