package org.sfdw.ingest.resources;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.sfdw.ingest.api.BrokerReply;
import org.sfdw.ingest.api.RequestView;
import org.sfdw.ingest.api.RequestViews;
import org.sfdw.ingest.notify.NotificationState;
import org.sfdw.ingest.notify.Notifier;
import org.sfdw.ingest.core.BrokerStatistics;
import org.sfdw.ingest.core.RejectedException;
import org.sfdw.ingest.core.RequestSpooler;
import org.sfdw.ingest.delivery.RequestStatuses;
import org.sfdw.ingest.core.Resubmission;
import org.sfdw.spool.WriteRequest;
import org.sfdw.ingest.delivery.DeliveryState;

import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the original lacked: every spooled request by id with its status ({@code GET /requests/<id>}), lists by
 * status, and resubmission of an audit-trail or {@code .err} line ({@code POST /requests}). Refusals carry an HTTP
 * error status here, with the same JSON body as the original API's.
 */
@Path("/requests")
@Produces(MediaType.APPLICATION_JSON)
public class RequestsResource {

    static final int MAX_LIST = 1000;

    private final RequestSpooler spooler;
    private final RequestStatuses statuses;
    private final Resubmission resubmission;
    private final Bodies bodies;
    private final Refusals refusals;

    private final List<Notifier> notifiers;
    private final RequestViews views;

    public RequestsResource(RequestSpooler spooler, RequestStatuses statuses, Resubmission resubmission,
                            BrokerStatistics statistics, ObjectMapper mapper, int maxBodyBytes,
                            List<Notifier> notifiers) {
        this.notifiers = List.copyOf(notifiers);
        this.views = new RequestViews(statuses, mapper);
        this.spooler = spooler;
        this.statuses = statuses;
        this.resubmission = resubmission;
        this.bodies = new Bodies(maxBodyBytes);
        this.refusals = new Refusals(statistics);
    }

    @GET
    @Path("{id}")
    @Timed
    public Response request(@PathParam("id") String id) {
        return refusals.withHttpStatus("GET /requests/" + id, () -> {
            long number;
            try {
                number = Long.parseLong(id);
            } catch (NumberFormatException e) {
                throw new RejectedException("request id must be a whole number, got '" + id + "'");
            }
            WriteRequest request = spooler.read(number).orElseThrow(() -> new Refusals.NotFoundException(
                    "no request " + number + " in the spool (the last is " + spooler.lastId() + ")"));
            RequestView view = views.view(request, statuses.finalOutcomeOf(number), notifications(request));
            return Response.ok(BrokerReply.ok(view.status()).with("request", view)).build();
        });
    }

    @GET
    @Timed
    public Response list(@QueryParam("status") String status, @QueryParam("limit") @DefaultValue("50") int limit) {
        return refusals.withHttpStatus("GET /requests", () -> {
            if (limit < 1 || limit > MAX_LIST) {
                throw new RejectedException("limit must be 1.." + MAX_LIST + ", got " + limit);
            }
            DeliveryState wanted;
            try {
                wanted = status == null ? null : DeliveryState.fromLabel(status);
            } catch (IllegalArgumentException e) {
                throw new RejectedException(e.getMessage());
            }
            List<RequestView> listed = spooler.newestFirst(limit,
                            r -> wanted == null || statuses.statusOf(r.id()) == wanted)
                    .stream().map(r -> views.view(r, null, null)).toList();   // lists look up no outcomes
            return Response.ok(BrokerReply.ok(listed.size() + " requests").with("requests", listed)).build();
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Timed
    public Response submit(InputStream body) {
        return refusals.withHttpStatus("POST /requests", () -> {
            WriteRequest stored = resubmission.submit(bodies.read(body));
            return withRequestIds(Response.status(201), List.of(stored))
                    .entity(BrokerReply.ok(DeliveryState.SPOOLED.label())
                            .with("request_ids", List.of(stored.id()))
                            .with("rerun_of", stored.rerunOf() == WriteRequest.NO_ID ? null : stored.rerunOf()))
                    .build();
        });
    }

    /** Names the spooled requests in {@code X-Request-Ids} and the first in {@code Location}. */
    static Response.ResponseBuilder withRequestIds(Response.ResponseBuilder response, List<WriteRequest> requests) {
        if (!requests.isEmpty()) {
            response.header(BrokerResource.REQUEST_IDS_HEADER,
                    requests.stream().map(r -> Long.toString(r.id())).collect(Collectors.joining(",")));
            response.header("Location", "/requests/" + requests.get(0).id());
        }
        return response;
    }

    /** Where telling each target about the request stands; null when no target is told about it. */
    private List<NotificationState> notifications(WriteRequest request) {
        List<NotificationState> states = notifiers.stream().flatMap(n -> n.state(request).stream()).toList();
        return states.isEmpty() ? null : states;
    }
}
