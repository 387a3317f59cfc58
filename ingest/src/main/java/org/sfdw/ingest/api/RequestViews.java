package org.sfdw.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.ingest.delivery.RequestStatuses;
import org.sfdw.ingest.notify.NotificationState;
import org.sfdw.spool.RequestParameters;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.outcome.Outcome;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Makes the view of a spooled request that {@code GET /requests} shows, and the status notifications send. */
public final class RequestViews {

    private final RequestStatuses statuses;
    private final ObjectMapper mapper;

    public RequestViews(RequestStatuses statuses, ObjectMapper mapper) {
        this.statuses = statuses;
        this.mapper = mapper;
    }

    /**
     * @param standing      the request's final outcome, null when not looked up (lists)
     * @param notifications where telling the targets stands, null to leave it out
     */
    public RequestView view(WriteRequest request, Optional<Outcome> standing, List<NotificationState> notifications) {
        JsonNode parameters = tree(request.parameters());
        long id = request.id();
        Optional<Outcome> failure = standing != null ? standing.filter(o -> o.kind() == Outcome.Kind.FAILED)
                : statuses.failureOf(id);
        return new RequestView(id, statuses.statusOf(id).label(), statuses.attemptsOf(id),
                parameters.path(RequestParameters.OUTPUT_FILE).asText(null), request.timestamp(),
                Instant.ofEpochMilli((long) (request.timestamp() * 1000)).toString(),
                request.rerunOf() == WriteRequest.NO_ID ? null : request.rerunOf(),
                failure.map(Outcome::error).orElse(null), failure.map(Outcome::errFile).orElse(null),
                tree(request.dataApiRequest()), parameters,
                standing == null ? null : standing.map(Outcome::writer).orElse(null),
                standing == null ? null : standing.map(Outcome::report).orElse(null),
                standing == null ? null : standing.filter(o -> o.kind() == Outcome.Kind.WRITTEN).map(Outcome::error)
                        .orElse(null),
                notifications);
    }

    /** The request as {@code GET /requests/<id>} answers it, without the notifications. */
    public BrokerReply reply(WriteRequest request) {
        RequestView view = view(request, statuses.finalOutcomeOf(request.id()), null);
        return BrokerReply.ok(view.status()).with("request", view);
    }

    private JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return mapper.getNodeFactory().textNode(json);
        }
    }
}
