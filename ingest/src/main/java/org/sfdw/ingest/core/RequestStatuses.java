package org.sfdw.ingest.core;

/**
 * What the broker knows of a spooled request's fate. Until writers report outcomes, that is whether the forwarder
 * has handed it to a writer.
 */
public interface RequestStatuses {

    RequestStatus statusOf(long id);

    /** How often the request was handed to a writer. */
    int attemptsOf(long id);

    /** The writer's error for a failed request, or null. */
    default String errorOf(long id) {
        return null;
    }
}
