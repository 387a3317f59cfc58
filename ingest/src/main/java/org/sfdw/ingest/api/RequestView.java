package org.sfdw.ingest.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.sfdw.spool.outcome.ChannelReport;

import java.util.List;

/**
 * A spooled write request as {@code GET /requests/<id>} shows it.
 *
 * @param created   the request's timestamp as ISO-8601 UTC
 * @param rerunOf   the request this one runs again, if any
 * @param error     why it failed, once a writer (or the broker, giving up) reported a failure
 * @param errFile   where the failed request's line was kept: the writer's {@code .err} file, or the broker's
 *                  {@code undeliverable.err}
 * @param writer    the writer ({@code host~boot~pidnamespace~pid}) whose final outcome stands: after a file was
 *                  written twice (a redelivery), the one whose file was renamed last, i.e. the file on disk (by id
 *                  only)
 * @param report    per channel, how complete the written file is (by id only; not in lists)
 * @param note      for a written file, what the writer did otherwise than asked (an unknown
 *                  {@code output_file_format} written extended, as the original did); null for nothing (by id only)
 * @param notifications where telling the EPICS writer about the request stands (by id only; left out when nobody
 *                  is told about it: a camera's request, a re-run, notifications off, spooled before they were on)
 */
public record RequestView(
        @JsonProperty("id") long id,
        @JsonProperty("status") String status,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("output_file") String outputFile,
        @JsonProperty("timestamp") double timestamp,
        @JsonProperty("created") String created,
        @JsonProperty("rerun_of") Long rerunOf,
        @JsonProperty("error") String error,
        @JsonProperty("err_file") String errFile,
        @JsonProperty("data_api_request") JsonNode dataApiRequest,
        @JsonProperty("parameters") JsonNode parameters,
        @JsonProperty("writer") String writer,
        @JsonProperty("report") List<ChannelReport> report,
        @JsonProperty("note") String note,
        @JsonProperty("notifications") @com.fasterxml.jackson.annotation.JsonInclude(
                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        List<org.sfdw.ingest.notify.NotificationState> notifications) {
}
