package org.sfdw.ingest.delivery;

import org.sfdw.spool.outcome.Outcome;

import java.util.Optional;

/** What the broker knows of a spooled request's fate. */
public interface RequestStatuses {

    DeliveryState statusOf(long id);

    /** How often the request was handed to a writer. */
    int attemptsOf(long id);

    /** True when the request needs nothing more: it has a final outcome, or nothing tracks it further. */
    boolean isSettled(long id);

    /** The final failure (error and .err file), if the request failed. */
    Optional<Outcome> failureOf(long id);

    /**
     * The outcome behind the request's final status, with its completeness report; a lookup for one request, not for
     * lists.
     */
    Optional<Outcome> finalOutcomeOf(long id);
}
