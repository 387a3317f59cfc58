package org.sfdw.workers;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** The writer's configuration; every field has a safe default and is documented in the README. */
public class WriterConfiguration extends Configuration {

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

        /** How long one query may take, body included. */
        @NotNull
        private Duration requestTimeout = Duration.minutes(10);

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
