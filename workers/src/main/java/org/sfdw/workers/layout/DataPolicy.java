package org.sfdw.workers.layout;

import org.sfdw.spool.RequestParameters;

import java.util.Locale;

/**
 * What a writer does with data that is not all there. Both have a writer-wide default (configuration) that a request
 * can override with the parameters {@code no_data} and {@code incomplete_data}.
 *
 * @param noData         a channel the data api knows but sent no events for
 * @param incompleteData a channel whose completeness report is not complete
 */
public record DataPolicy(NoData noData, IncompleteData incompleteData) {

    public enum NoData {
        /** The request fails with an {@code .err} file, as the original did. */
        ERROR,
        /** The channel is written as all missing (compact: zero rows). */
        MISSING;

        static NoData fromParameter(String value) {
            return parse(NoData.class, RequestParameters.NO_DATA, value);
        }
    }

    public enum IncompleteData {
        /** The file is written and the report says what is missing. */
        WRITE,
        /** The request fails with an {@code .err} file naming the incomplete channels. */
        ERROR;

        static IncompleteData fromParameter(String value) {
            return parse(IncompleteData.class, RequestParameters.INCOMPLETE_DATA, value);
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                    .toList() + ", not '" + value + "'", e);
        }
    }
}
