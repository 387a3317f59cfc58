package org.sfdw.ingest.tasks;

import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolRange;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** The {@code from} and {@code to} query parameters of the spool tasks, as a range of request ids. */
final class RangeParameters {

    private RangeParameters() {
    }

    static SpoolRange parse(Map<String, List<String>> parameters, Spool spool, ZoneId zone) {
        return SpoolRange.parse(first(parameters, "from"), first(parameters, "to"), spool, zone);
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
