package org.sfdw.workers;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.sfdw.paths.OutputPathRule;
import org.sfdw.service.ServerDefaults;
import org.sfdw.workers.core.DataFileWriter;
import org.sfdw.workers.core.ErrFileWriter;
import org.sfdw.workers.core.Overwrite;
import org.sfdw.workers.core.RetryPolicy;
import org.sfdw.workers.core.WarmUp;
import org.sfdw.workers.core.WriteRequestProcessor;
import org.sfdw.workers.core.WriterMetrics;
import org.sfdw.workers.dataapi.DataApiClient;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.layout.DataPolicy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The writer's configuration; every field has a safe default and is documented in the README. */
public class WriterConfiguration extends Configuration {

    /**
     * Without a {@code server:} section: free ports, so that several writers can run on one host, both on
     * 127.0.0.1, the request log at DEBUG.
     */
    public WriterConfiguration() {
        setServerFactory(ServerDefaults.loopback(0, 0));
    }

    /** The broker's write-request stream. */
    @Valid
    @NotNull
    private StreamFactory stream = new StreamFactory();

    /** The data api (PSI data buffer) the writer queries. */
    @Valid
    @NotNull
    private DataApiFactory dataApi = new DataApiFactory();

    /** Where this writer reports what became of each request (the broker's outcome channel). */
    @Valid
    @NotNull
    private OutcomesFactory outcomes = new OutcomesFactory();

    /** Wait until this long after a request was made before querying, so the buffer holds all its pulses. */
    @NotNull
    private Duration retrievalDelay = Duration.seconds(0);

    /** A channel with no data in the range: {@code error} fails the request (the original), {@code missing} writes
     * it as all missing. A request's {@code no_data} parameter overrides this. */
    @NotNull
    private DataPolicy.NoData noData = DataPolicy.NoData.ERROR;

    /** A channel whose completeness report is not complete: {@code write} the file anyway, or {@code error}.
     * A request's {@code incomplete_data} parameter overrides this. */
    @NotNull
    private DataPolicy.IncompleteData incompleteData = DataPolicy.IncompleteData.WRITE;

    /**
     * A temporary file of another host's or another PID namespace's writer (whose pid cannot be looked up from here)
     * is taken for abandoned once unchanged this long; well past the data api's timeouts and the retry budget.
     */
    @NotNull
    private Duration staleTemporaryAge = Duration.hours(2);

    /**
     * Output files must be absolute paths in one of these directories, also after following symbolic links; checked
     * again right before the file is made and before it is renamed into place. The broker's rule, with this
     * writer's own roots.
     */
    @NotEmpty
    private List<String> allowedOutputRoots = List.of("/");

    /** A file already at the target: {@code same-request} replaces only the request's own file, {@code always}. */
    @NotNull
    private Overwrite overwrite = Overwrite.SAME_REQUEST;

    /** Rehearsals into memory before the first request, so that it runs on compiled code; 0: none. */
    @Min(0)
    @Max(20)
    private int warmUpRounds = 3;

    /**
     * The writer's whole processing of a request, as this configuration describes it: the service and
     * {@code sfdw write} both get theirs here. {@code dataApi} is passed in because {@code sfdw write} reports its
     * bytes read as progress.
     */
    public WriteRequestProcessor buildProcessor(DataApiClient dataApi, ObjectMapper mapper, MetricRegistry metrics,
                                                Clock clock) {
        return new WriteRequestProcessor(dataApi, fileWriter(mapper), new ErrFileWriter(clock), mapper,
                processorSettings(), new WriterMetrics(metrics), clock);
    }

    /** How this writer carries requests through: delay, data policy, retries, mapping, output rules. */
    WriteRequestProcessor.Settings processorSettings() {
        return new WriteRequestProcessor.Settings(java.time.Duration.ofMillis(retrievalDelay.toMilliseconds()),
                new DataPolicy(noData, incompleteData), dataApi.getRetry().build(), dataApi.isPulseIdToTimeMapping(),
                dataApi.getResponseFormat(), java.time.Duration.ofMillis(staleTemporaryAge.toMilliseconds()),
                new OutputPathRule(allowedOutputRoots.stream().map(java.nio.file.Path::of).toList(), List.of()),
                overwrite);
    }

    @JsonProperty
    public List<String> getAllowedOutputRoots() {
        return allowedOutputRoots;
    }

    @JsonProperty
    public void setAllowedOutputRoots(List<String> allowedOutputRoots) {
        this.allowedOutputRoots = allowedOutputRoots;
    }

    @JsonProperty
    public Overwrite getOverwrite() {
        return overwrite;
    }

    @JsonProperty
    public void setOverwrite(Overwrite overwrite) {
        this.overwrite = overwrite;
    }

    @JsonProperty
    public Duration getStaleTemporaryAge() {
        return staleTemporaryAge;
    }

    @JsonProperty
    public void setStaleTemporaryAge(Duration staleTemporaryAge) {
        this.staleTemporaryAge = staleTemporaryAge;
    }

    @JsonProperty
    public int getWarmUpRounds() {
        return warmUpRounds;
    }

    @JsonProperty
    public void setWarmUpRounds(int warmUpRounds) {
        this.warmUpRounds = warmUpRounds;
    }

    /** The rehearsals a writer makes before its first request, in its response format. */
    public WarmUp warmUp(ObjectMapper mapper) {
        return new WarmUp(fileWriter(mapper), dataApi.getResponseFormat(), mapper, warmUpRounds);
    }

    /** Writes files from answers in the configured response format. */
    DataFileWriter fileWriter(ObjectMapper mapper) {
        java.time.ZoneId zone = java.time.ZoneId.of(dataApi.getTimeZone());
        return new DataFileWriter(dataApi.getResponseFormat().parser(mapper, zone));
    }

    @JsonProperty
    public DataPolicy.NoData getNoData() {
        return noData;
    }

    @JsonProperty
    public void setNoData(DataPolicy.NoData noData) {
        this.noData = noData;
    }

    @JsonProperty
    public DataPolicy.IncompleteData getIncompleteData() {
        return incompleteData;
    }

    @JsonProperty
    public void setIncompleteData(DataPolicy.IncompleteData incompleteData) {
        this.incompleteData = incompleteData;
    }

    @JsonProperty
    public StreamFactory getStream() {
        return stream;
    }

    @JsonProperty
    public void setStream(StreamFactory stream) {
        this.stream = stream;
    }

    @JsonProperty
    public DataApiFactory getDataApi() {
        return dataApi;
    }

    @JsonProperty
    public void setDataApi(DataApiFactory dataApi) {
        this.dataApi = dataApi;
    }

    @JsonProperty
    public OutcomesFactory getOutcomes() {
        return outcomes;
    }

    @JsonProperty
    public void setOutcomes(OutcomesFactory outcomes) {
        this.outcomes = outcomes;
    }

    @JsonProperty
    public Duration getRetrievalDelay() {
        return retrievalDelay;
    }

    @JsonProperty
    public void setRetrievalDelay(Duration retrievalDelay) {
        this.retrievalDelay = retrievalDelay;
    }

    public static class StreamFactory {
        /** ZMQ address of the broker's PUSH socket. */
        @NotEmpty
        private String address = "tcp://127.0.0.1:12500";

        /**
         * Requests ZMQ may queue at this writer (the original's 100). Not 1: JeroMQ 0.6 then stalls the pipe and the
         * requests in it arrive only when the broker redelivers them.
         */
        @Min(2)
        private int receiveHighWaterMark = 100;

        @JsonProperty
        public String getAddress() {
            return address;
        }

        @JsonProperty
        public void setAddress(String address) {
            this.address = address;
        }

        @JsonProperty
        public int getReceiveHighWaterMark() {
            return receiveHighWaterMark;
        }

        @JsonProperty
        public void setReceiveHighWaterMark(int receiveHighWaterMark) {
            this.receiveHighWaterMark = receiveHighWaterMark;
        }
    }

    public static class DataApiFactory {
        /** The query endpoint, as the original's DATA_API_QUERY_ADDRESS, e.g. https://data-api.psi.ch/sf/query. */
        @NotEmpty
        private String queryUrl = "http://127.0.0.1:10003/sf/query";

        /** How long to wait for a connection to the data api. */
        @NotNull
        private Duration connectTimeout = Duration.seconds(10);

        /**
         * The production template ships a URL under {@code .invalid} (a name that never resolves, RFC 6761): a writer
         * installed and started before anyone set the data api refuses to start, instead of retrying a host that
         * does not exist until each request fails.
         */
        @JsonIgnore
        @ValidationMethod(message = "dataApi.queryUrl is still the installed template's placeholder (a host under "
                + ".invalid): set it to your data api's query URL, e.g. https://data-api.psi.ch/sf/query")
        public boolean isQueryUrlChosen() {
            return queryUri().map(URI::getHost)
                    .map(host -> !host.toLowerCase(java.util.Locale.ROOT).endsWith(".invalid")).orElse(true);
        }

        @JsonIgnore
        @ValidationMethod(message = "dataApi.queryUrl must be an absolute http:// or https:// URL with a host, "
                + "e.g. https://data-api.psi.ch/sf/query")
        public boolean isQueryUrlHttp() {
            return queryUrl == null // @NotEmpty says so
                    || queryUri().filter(uri -> uri.getHost() != null && uri.getScheme() != null)
                    .map(uri -> uri.getScheme().toLowerCase(java.util.Locale.ROOT))
                    .filter(scheme -> scheme.equals("http") || scheme.equals("https")).isPresent();
        }

        private Optional<URI> queryUri() {
            try {
                return queryUrl == null ? Optional.empty() : Optional.of(new URI(queryUrl));
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }

        /** How long to wait for the data api to begin its answer (the HTTP headers). */
        @NotNull
        private Duration requestTimeout = Duration.minutes(2);

        /** How long the answer's body may stall before the query is given up (and retried). */
        @NotNull
        private Duration idleTimeout = Duration.seconds(60);

        /** Ask {@code <queryUrl>/mapping} for the pulses' times and query by time (the original's
         * TRANSFORM_PULSE_ID_TO_TIMESTAMP_QUERY). */
        private boolean pulseIdToTimeMapping = false;

        /** How the data api answers: JSON (the original's) or rawevent (binary, no number parsing). */
        @NotNull
        private ResponseFormat responseFormat = ResponseFormat.JSON;

        /** The data api's time zone: rawevent answers carry times, and global_date holds them as JSON prints them. */
        @NotEmpty
        private String timeZone = "Europe/Zurich";

        @JsonProperty
        public ResponseFormat getResponseFormat() {
            return responseFormat;
        }

        @JsonProperty
        public void setResponseFormat(ResponseFormat responseFormat) {
            this.responseFormat = responseFormat;
        }

        @JsonProperty
        public String getTimeZone() {
            return timeZone;
        }

        @JsonProperty
        public void setTimeZone(String timeZone) {
            this.timeZone = timeZone;
        }

        /** Backoff and budget for transient failures (connection refused, timeouts, HTTP 5xx, truncated answers). */
        @Valid
        @NotNull
        private RetryFactory retry = new RetryFactory();

        /** The client for this data api. */
        public DataApiClient build(ObjectMapper mapper) {
            return new DataApiClient(
                    DataApiClient.defaultHttpClient(java.time.Duration.ofMillis(connectTimeout.toMilliseconds())),
                    URI.create(queryUrl), java.time.Duration.ofMillis(requestTimeout.toMilliseconds()),
                    java.time.Duration.ofMillis(idleTimeout.toMilliseconds()), mapper);
        }

        @JsonProperty
        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        @JsonProperty
        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        @JsonProperty
        public boolean isPulseIdToTimeMapping() {
            return pulseIdToTimeMapping;
        }

        @JsonProperty
        public void setPulseIdToTimeMapping(boolean pulseIdToTimeMapping) {
            this.pulseIdToTimeMapping = pulseIdToTimeMapping;
        }

        @JsonProperty
        public RetryFactory getRetry() {
            return retry;
        }

        @JsonProperty
        public void setRetry(RetryFactory retry) {
            this.retry = retry;
        }

        @JsonProperty
        public String getQueryUrl() {
            return queryUrl;
        }

        @JsonProperty
        public void setQueryUrl(String queryUrl) {
            this.queryUrl = queryUrl;
        }

        @JsonProperty
        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        @JsonProperty
        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        @JsonProperty
        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        @JsonProperty
        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }
    }

    public static class RetryFactory {
        /** The first wait after a transient failure; it doubles with each further failure. */
        @NotNull
        private Duration initialBackoff = Duration.seconds(1);

        /** The longest wait between two attempts. */
        @NotNull
        private Duration maxBackoff = Duration.seconds(30);

        /** No attempt starts later than this after the first one; then the request fails with an .err file. */
        @NotNull
        private Duration budget = Duration.minutes(10);

        @JsonProperty
        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        @JsonProperty
        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        @JsonProperty
        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        @JsonProperty
        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        @JsonProperty
        public Duration getBudget() {
            return budget;
        }

        @JsonProperty
        public void setBudget(Duration budget) {
            this.budget = budget;
        }

        public RetryPolicy build() {
            return new RetryPolicy(java.time.Duration.ofMillis(initialBackoff.toMilliseconds()),
                    java.time.Duration.ofMillis(maxBackoff.toMilliseconds()),
                    java.time.Duration.ofMillis(budget.toMilliseconds()), new java.util.SplittableRandom());
        }
    }

    public static class OutcomesFactory {
        /** ZMQ address of the broker's outcome channel (its delivery.outcomeAddress). */
        @NotEmpty
        private String address = "tcp://127.0.0.1:12501";

        /** How often a writer busy with a request tells the broker it is alive; well below its heartbeatTimeout. */
        @NotNull
        private Duration heartbeatInterval = Duration.seconds(5);

        @JsonProperty
        public String getAddress() {
            return address;
        }

        @JsonProperty
        public void setAddress(String address) {
            this.address = address;
        }

        @JsonProperty
        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        @JsonProperty
        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }
    }
}
