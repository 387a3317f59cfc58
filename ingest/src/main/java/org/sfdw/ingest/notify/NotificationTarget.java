package org.sfdw.ingest.notify;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Who is told about requests, when, and with which body.
 *
 * @param name   names the target in the request's {@code notifications}, the metrics, the journal's file
 * @param events {@code spooled}, or any of {@code written} and {@code failed}: when a request is told about
 * @param form   the body: the EPICS writer's ({@code {"range", "parameters"}}, only for a stop's first request), or
 *               the request's status as {@code GET /requests/<id>} answers it
 */
public record NotificationTarget(String name, URI url, Set<Event> events, Form form) {

    /** The target the original told: the EPICS writer, after each stop. */
    public static final String EPICS_WRITER = "epics_writer";

    public enum Event {
        SPOOLED, WRITTEN, FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Form { EPICS_WRITER, STATUS }

    public NotificationTarget {
        events = Set.copyOf(events);
        if (events.isEmpty() || events.contains(Event.SPOOLED) && events.size() > 1) {
            throw new IllegalArgumentException("notification target " + name + ": events must be [spooled], or "
                    + "[written], [failed] or [written, failed], not " + events);
        }
    }

    /** Told as soon as the request is spooled; otherwise once it has ended. */
    public boolean whenSpooled() {
        return events.contains(Event.SPOOLED);
    }
}
