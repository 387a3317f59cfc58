package org.sfdw.workers.dataapi;

import java.time.ZoneId;
import java.util.Locale;

/** How the writer asks the data api to answer ({@code response.format} in the query, data-api.md §2, §3, §6). */
public enum ResponseFormat {
    /** The original's format: JSON, every number printed and parsed. */
    JSON,
    /** Binary events in the channels' own types: no number parsing. */
    RAWEVENT;

    public String queryName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @param zone the data api's time zone, for the {@code global_date} strings of rawevent answers */
    public ResponseParser parser(com.fasterxml.jackson.databind.ObjectMapper mapper, ZoneId zone) {
        return this == JSON ? new DataApiResponseParser() : new RawEventResponseParser(mapper, new GlobalDates(zone));
    }
}
