package org.sfdw.ingest.resources;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.sfdw.ingest.api.BrokerReply;
import org.sfdw.ingest.core.BrokerStatistics;
import org.sfdw.ingest.core.RejectedException;
import org.sfdw.spool.SpoolUnavailableException;
import org.sfdw.spool.store.SpoolFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Runs a call and turns a refusal into the broker's error answer, logged and counted. The original API answers
 * refusals with HTTP 200 (as the original did); the new API with the fitting HTTP status.
 */
final class Refusals {

    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

    private final BrokerStatistics statistics;

    Refusals(BrokerStatistics statistics) {
        this.statistics = statistics;
    }

    Response original(String call, Supplier<Response> action) {
        return run(call, false, action);
    }

    Response withHttpStatus(String call, Supplier<Response> action) {
        return run(call, true, action);
    }

    private Response run(String call, boolean httpStatus, Supplier<Response> action) {
        try {
            return action.get();
        } catch (RejectedException e) {
            statistics.rejected();
            LOG.warn("{} refused: {}", call, e.getMessage());
            int status = e instanceof Bodies.BodyTooLargeException ? 413 : e instanceof NotFoundException ? 404 : 400;
            return reply(httpStatus ? status : 200, BrokerReply.error(e.getMessage()));
        } catch (SpoolUnavailableException e) {
            statistics.rejected();
            if (e instanceof SpoolFullException) {
                LOG.error("{} refused, nothing was accepted: {}", call, e.getMessage());
            } else {
                LOG.error("{} failed, nothing was accepted: {}", call, e.getMessage(), e);
            }
            return reply(httpStatus ? 503 : 200, BrokerReply.error(e instanceof SpoolFullException
                    ? "request not accepted: " + e.getMessage()
                    : "request not accepted, the spool failed: " + e.getMessage()));
        }
    }

    private static Response reply(int status, BrokerReply reply) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(reply).build();
    }

    /** A named thing that does not exist (HTTP 404 on the new API). */
    static final class NotFoundException extends RejectedException {
        NotFoundException(String message) {
            super(message);
        }
    }
}
