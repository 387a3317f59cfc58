package org.sfdw.spool.query;

import org.sfdw.spool.json.PythonJson;

import java.util.List;

/**
 * The data-api query the original broker builds for one acquisition (data-api.md §2.1): the channels with
 * their backend, an inclusive pulse-id range, JSON response, and the event and config fields the writer uses.
 */
public record DataApiQuery(List<Channel> channels, long startPulseId, long endPulseId) {

    public static final String DATABUFFER = "sf-databuffer";
    public static final String IMAGEBUFFER = "sf-imagebuffer";
    /** Camera channels end with this; they live in the image buffer. */
    public static final String PICTURE_SUFFIX = ":FPICTURE";

    public record Channel(String name, String backend) {
        /** The backend the original broker chose from a channel's name. */
        public static Channel forName(String name) {
            return new Channel(name, isPicture(name) ? IMAGEBUFFER : DATABUFFER);
        }

        /**
         * An entry of a query's {@code channels} list as the data api reads it: a bare name, or an object with
         * {@code name} and {@code backend} ({@code sf-databuffer} when absent). The name is empty when there is none.
         */
        public static Channel of(com.fasterxml.jackson.databind.JsonNode entry) {
            return entry.isTextual() ? new Channel(entry.asText(), DATABUFFER)
                    : new Channel(entry.path("name").asText(""), entry.path("backend").asText(DATABUFFER));
        }
    }

    public DataApiQuery {
        channels = List.copyOf(channels);
        if (endPulseId < startPulseId) {
            throw new IllegalArgumentException("endPulseId " + endPulseId + " < startPulseId " + startPulseId);
        }
    }

    public static boolean isPicture(String channelName) {
        return channelName.endsWith(PICTURE_SUFFIX);
    }

    /** The query as Python's {@code json.dumps} wrote it, key order and separators included. */
    public String toJson() {
        StringBuilder out = new StringBuilder(160 + 64 * channels.size());
        out.append("{\"channels\": [");
        for (int i = 0; i < channels.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append("{\"name\": ");
            PythonJson.writeString(channels.get(i).name(), out);
            out.append(", \"backend\": ");
            PythonJson.writeString(channels.get(i).backend(), out);
            out.append('}');
        }
        out.append("], \"range\": {\"startPulseId\": ").append(startPulseId)
                .append(", \"endPulseId\": ").append(endPulseId)
                .append("}, \"response\": {\"format\": \"json\", \"compression\": \"none\"}, ")
                .append("\"eventFields\": [\"channel\", \"pulseId\", \"value\", \"shape\", \"globalDate\"], ")
                .append("\"configFields\": [\"type\", \"shape\"]}");
        return out.toString();
    }
}
