package org.sfdw.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import org.sfdw.service.ServerDefaults;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.sfdw.spool.Durability;

import java.util.List;

/** The broker's configuration; every field has a safe default and is documented in the README. */
public class BrokerConfiguration extends Configuration {

    /**
     * Without a {@code server:} section: the original's port 10002 and the admin port 10102, both on 127.0.0.1, the
     * request log at DEBUG.
     */
    public BrokerConfiguration() {
        setServerFactory(ServerDefaults.loopback(10002, 10102));
    }

    /** Where the spool (the Chronicle Queue audit trail) lives. Must be writable, or the broker refuses to start. */
    @Valid
    @NotNull
    private SpoolFactory spool = new SpoolFactory();

    /** The ZMQ stream writers pull requests from. */
    @Valid
    @NotNull
    private StreamFactory stream = new StreamFactory();

    /** Acknowledgements, redelivery and the outcome channel. */
    @Valid
    @NotNull
    private DeliveryFactory delivery = new DeliveryFactory();

    /** Who is told about spooled requests: the EPICS writer, as the original told it. */
    @Valid
    @NotNull
    private NotificationsFactory notifications = new NotificationsFactory();

    /** Channels file: one channel per line, '#' comments. Empty = every acquisition must name its channels. */
    private String channelsFile = "";

    /** Send each camera (:FPICTURE) channel in its own request with its own file, as the original did. */
    private boolean separateCameraChannels = true;

    /** Spool requests but do not forward them (the original's --audit_trail_only; also a command-line flag). */
    private boolean auditTrailOnly = false;

    /** GET /kill ends the broker process, as in the original. Switch off where nobody should be able to. */
    private boolean killEnabled = true;

    /**
     * output_file must be an absolute path under one of these directories. No default: where a beamline's files may
     * go is a decision, not something to inherit ('/' allows any, as the original did, if that is the decision).
     */
    @NotEmpty(message = "must be set: the directories output_file may be under, e.g. [/sf/alvra/data] "
            + "(broker.allowedOutputRoots in config.yml; [\"/\"] allows any path, as the original did)")
    private List<String> allowedOutputRoots = List.of();

    /** The disk health check fails when the spool's or an output root's file system has less free space. */
    @NotNull
    private DataSize minFreeDisk = DataSize.gibibytes(1);

    /**
     * After SIGTERM (or /kill) the broker stops in order; if that has not ended the process within this time (a
     * hung disk, a stuck thread), it halts: systemd and operators can rely on a stop that ends.
     */
    @NotNull
    private Duration shutdownLimit = Duration.seconds(45);

    /** Request bodies larger than this are refused. */
    @Min(1024)
    private int maxBodyBytes = 1024 * 1024;

    /** At most this many channels in one acquisition (the original's limit). */
    @Min(1)
    private int maxChannels = 100;

    /** At most this many camera (:FPICTURE) channels in one acquisition (the original's limit). */
    @Min(0)
    private int maxPictureChannels = 2;

    @JsonProperty
    public SpoolFactory getSpool() {
        return spool;
    }

    @JsonProperty
    public void setSpool(SpoolFactory spool) {
        this.spool = spool;
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
    public DeliveryFactory getDelivery() {
        return delivery;
    }

    @JsonProperty
    public void setDelivery(DeliveryFactory delivery) {
        this.delivery = delivery;
    }

    /** A target told when requests end needs the writers' outcomes, which come only with acknowledgements. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    @jakarta.validation.constraints.AssertTrue(message = "notifications.targets told when requests are written or "
            + "fail need delivery.acknowledgements: true (without them the broker never learns how a request ended)")
    public boolean isEndNotificationsAcknowledged() {
        return delivery.isAcknowledgements() || notifications.getTargets().stream().noneMatch(t -> t.getEvents() != null
                && !t.getEvents().contains(org.sfdw.ingest.notify.NotificationTarget.Event.SPOOLED));
    }

    @JsonProperty
    public NotificationsFactory getNotifications() {
        return notifications;
    }

    @JsonProperty
    public void setNotifications(NotificationsFactory notifications) {
        this.notifications = notifications;
    }

    @JsonProperty
    public String getChannelsFile() {
        return channelsFile;
    }

    @JsonProperty
    public void setChannelsFile(String channelsFile) {
        this.channelsFile = channelsFile;
    }

    @JsonProperty
    public boolean isSeparateCameraChannels() {
        return separateCameraChannels;
    }

    @JsonProperty
    public void setSeparateCameraChannels(boolean separateCameraChannels) {
        this.separateCameraChannels = separateCameraChannels;
    }

    @JsonProperty
    public boolean isAuditTrailOnly() {
        return auditTrailOnly;
    }

    @JsonProperty
    public void setAuditTrailOnly(boolean auditTrailOnly) {
        this.auditTrailOnly = auditTrailOnly;
    }

    @JsonProperty
    public boolean isKillEnabled() {
        return killEnabled;
    }

    @JsonProperty
    public void setKillEnabled(boolean killEnabled) {
        this.killEnabled = killEnabled;
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
    public DataSize getMinFreeDisk() {
        return minFreeDisk;
    }

    @JsonProperty
    public void setMinFreeDisk(DataSize minFreeDisk) {
        this.minFreeDisk = minFreeDisk;
    }

    @JsonProperty
    public Duration getShutdownLimit() {
        return shutdownLimit;
    }

    @JsonProperty
    public void setShutdownLimit(Duration shutdownLimit) {
        this.shutdownLimit = shutdownLimit;
    }

    @JsonProperty
    public int getMaxBodyBytes() {
        return maxBodyBytes;
    }

    @JsonProperty
    public void setMaxBodyBytes(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @JsonProperty
    public int getMaxChannels() {
        return maxChannels;
    }

    @JsonProperty
    public void setMaxChannels(int maxChannels) {
        this.maxChannels = maxChannels;
    }

    @JsonProperty
    public int getMaxPictureChannels() {
        return maxPictureChannels;
    }

    @JsonProperty
    public void setMaxPictureChannels(int maxPictureChannels) {
        this.maxPictureChannels = maxPictureChannels;
    }

    public static class SpoolFactory {
        /** Spool directory. */
        @NotEmpty
        private String directory = "/var/lib/sfdw/spool";

        /** SYNC: fsync before answering stop_pulse_id (survives power loss). ASYNC or NONE trade that for speed. */
        @NotNull
        private Durability durability = Durability.SYNC;

        /**
         * Daily spool files older than this are deleted once every request in them has a final outcome; 0 keeps the
         * whole audit trail for ever.
         */
        @NotNull
        private Duration retention = Duration.days(0);

        /**
         * Appends are refused (stop_pulse_id answers an error, nothing is spooled) while the spool's file system has
         * less free space than this; the spool health check fails then too.
         */
        @NotNull
        private DataSize minFreeSpace = DataSize.mebibytes(64);

        /** A stop_pulse_id whose append has not finished within this time is answered with an error. */
        @NotNull
        private Duration appendTimeout = Duration.seconds(10);

        /** The spool settings these values describe. */
        public org.sfdw.spool.Spool.Settings settings() {
            return new org.sfdw.spool.Spool.Settings(durability, minFreeSpace.toBytes(),
                    java.time.Duration.ofMillis(appendTimeout.toMilliseconds()));
        }

        @JsonProperty
        public DataSize getMinFreeSpace() {
            return minFreeSpace;
        }

        @JsonProperty
        public void setMinFreeSpace(DataSize minFreeSpace) {
            this.minFreeSpace = minFreeSpace;
        }

        @JsonProperty
        public Duration getAppendTimeout() {
            return appendTimeout;
        }

        @JsonProperty
        public void setAppendTimeout(Duration appendTimeout) {
            this.appendTimeout = appendTimeout;
        }

        @JsonProperty
        public String getDirectory() {
            return directory;
        }

        @JsonProperty
        public void setDirectory(String directory) {
            this.directory = directory;
        }

        @JsonProperty
        public Durability getDurability() {
            return durability;
        }

        @JsonProperty
        public Duration getRetention() {
            return retention;
        }

        @JsonProperty
        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        @JsonProperty
        public void setDurability(Durability durability) {
            this.durability = durability;
        }
    }

    public static class StreamFactory {
        /** ZMQ address the PUSH socket binds. Loopback by default; use tcp://*:12500 for writers on other hosts. */
        @NotEmpty
        private String bindAddress = "tcp://127.0.0.1:12500";

        /** How long one send waits for a writer before the forwarder tries again (the original: 1 s). */
        @NotNull
        private Duration sendTimeout = Duration.seconds(1);

        /** Messages ZMQ may queue for writers (the original: 100). */
        @Min(1)
        private int highWaterMark = 100;

        @JsonProperty
        public String getBindAddress() {
            return bindAddress;
        }

        @JsonProperty
        public void setBindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
        }

        @JsonProperty
        public Duration getSendTimeout() {
            return sendTimeout;
        }

        @JsonProperty
        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        @JsonProperty
        public int getHighWaterMark() {
            return highWaterMark;
        }

        @JsonProperty
        public void setHighWaterMark(int highWaterMark) {
            this.highWaterMark = highWaterMark;
        }
    }

    public static class DeliveryFactory {
        /**
         * Request ids on the wire, outcomes from the writers, redelivery. Off: frames exactly as the original
         * broker's, for writers that cannot acknowledge (the original Python writer); nothing is redelivered.
         */
        private boolean acknowledgements = true;

        /** ZMQ address of the PULL socket the writers report outcomes to. */
        @NotEmpty
        private String outcomeAddress = "tcp://127.0.0.1:12501";

        /** A request no writer reported as received within this time is sent again (writers report on arrival). */
        @NotNull
        private Duration receiveTimeout = Duration.seconds(10);

        /** A writer working on a request that is silent this long is taken for dead; the request is sent again. */
        @NotNull
        private Duration heartbeatTimeout = Duration.seconds(30);

        /** Sendings of one request before it is marked failed (its line goes to undeliverable.err). */
        @Min(1)
        private int maxAttempts = 3;

        @JsonProperty
        public boolean isAcknowledgements() {
            return acknowledgements;
        }

        @JsonProperty
        public void setAcknowledgements(boolean acknowledgements) {
            this.acknowledgements = acknowledgements;
        }

        @JsonProperty
        public String getOutcomeAddress() {
            return outcomeAddress;
        }

        @JsonProperty
        public void setOutcomeAddress(String outcomeAddress) {
            this.outcomeAddress = outcomeAddress;
        }

        @JsonProperty
        public Duration getReceiveTimeout() {
            return receiveTimeout;
        }

        @JsonProperty
        public void setReceiveTimeout(Duration receiveTimeout) {
            this.receiveTimeout = receiveTimeout;
        }

        @JsonProperty
        public Duration getHeartbeatTimeout() {
            return heartbeatTimeout;
        }

        @JsonProperty
        public void setHeartbeatTimeout(Duration heartbeatTimeout) {
            this.heartbeatTimeout = heartbeatTimeout;
        }

        @JsonProperty
        public int getMaxAttempts() {
            return maxAttempts;
        }

        @JsonProperty
        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }
    }

    /** The EPICS writer notification, and how it is retried. */
    public static class NotificationsFactory {
        /**
         * Where the EPICS writer takes {@code PUT {"range": ..., "parameters": ...}} after each stop, as the
         * original's {@code --epics_writer_url} (also this broker's command-line option). Empty: nobody is told.
         */
        @NotNull
        private String epicsWriterUrl = "http://localhost:10200/notify";

        /** How long one attempt may take, connecting included. */
        @NotNull
        private Duration timeout = Duration.seconds(5);

        /** The wait after the first failed attempt; it doubles with each further one, up to {@code longestRetry}. */
        @NotNull
        private Duration firstRetry = Duration.seconds(1);

        @NotNull
        private Duration longestRetry = Duration.minutes(1);

        /**
         * How long a notification is retried (a refused connection, a timeout, HTTP 5xx or 429) before it is marked
         * failed; the later ones wait meanwhile, so that the EPICS writer gets them in order.
         */
        @NotNull
        private Duration retryBudget = Duration.hours(1);

        /** More targets: each a name, a URL, the events it is told of, and the body it gets. */
        @Valid
        @NotNull
        private List<TargetFactory> targets = List.of();

        @JsonProperty
        public List<TargetFactory> getTargets() {
            return targets;
        }

        @JsonProperty
        public void setTargets(List<TargetFactory> targets) {
            this.targets = targets;
        }

        /** Every target's name is its own, and not the EPICS writer's. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        @jakarta.validation.constraints.AssertTrue(message = "targets need names of their own, and not "
                + "'epics_writer' (that one is epicsWriterUrl)")
        public boolean isTargetNamesDistinct() {
            java.util.Set<String> names = new java.util.HashSet<>();
            names.add(org.sfdw.ingest.notify.NotificationTarget.EPICS_WRITER);
            return targets.stream().allMatch(t -> t.getName() == null || names.add(t.getName()));
        }

        /** Every target: the EPICS writer first when its URL is set, then the configured ones. */
        public List<org.sfdw.ingest.notify.NotificationTarget> allTargets() {
            List<org.sfdw.ingest.notify.NotificationTarget> all = new java.util.ArrayList<>();
            epicsWriter().ifPresent(url -> all.add(new org.sfdw.ingest.notify.NotificationTarget(
                    org.sfdw.ingest.notify.NotificationTarget.EPICS_WRITER, url,
                    java.util.Set.of(org.sfdw.ingest.notify.NotificationTarget.Event.SPOOLED),
                    org.sfdw.ingest.notify.NotificationTarget.Form.EPICS_WRITER)));
            targets.forEach(t -> all.add(t.target()));
            return all;
        }

        @JsonProperty
        public String getEpicsWriterUrl() {
            return epicsWriterUrl;
        }

        @JsonProperty
        public void setEpicsWriterUrl(String epicsWriterUrl) {
            this.epicsWriterUrl = epicsWriterUrl;
        }

        @JsonProperty
        public Duration getTimeout() {
            return timeout;
        }

        @JsonProperty
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        @JsonProperty
        public Duration getFirstRetry() {
            return firstRetry;
        }

        @JsonProperty
        public void setFirstRetry(Duration firstRetry) {
            this.firstRetry = firstRetry;
        }

        @JsonProperty
        public Duration getLongestRetry() {
            return longestRetry;
        }

        @JsonProperty
        public void setLongestRetry(Duration longestRetry) {
            this.longestRetry = longestRetry;
        }

        @JsonProperty
        public Duration getRetryBudget() {
            return retryBudget;
        }

        @JsonProperty
        public void setRetryBudget(Duration retryBudget) {
            this.retryBudget = retryBudget;
        }

        /** For the configuration's validation: the check names the key and what is wrong. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        @jakarta.validation.constraints.AssertTrue(message = "epicsWriterUrl must be empty (off) or an http:// or "
                + "https:// URL with a host")
        public boolean isEpicsWriterUrlValid() {
            return epicsWriterUrl.isBlank() || httpUrl(epicsWriterUrl).isPresent();
        }

        /** @throws IllegalArgumentException naming the key when the URL is not an http(s) URL */
        public java.util.Optional<java.net.URI> epicsWriter() {
            if (epicsWriterUrl.isBlank()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(httpUrl(epicsWriterUrl).orElseThrow(() -> new IllegalArgumentException(
                    "notifications.epicsWriterUrl must be an http:// or https:// URL with a host, not '"
                            + epicsWriterUrl + "' (empty turns the notification off)")));
        }

        public org.sfdw.ingest.notify.RetrySchedule retrySchedule() {
            return new org.sfdw.ingest.notify.RetrySchedule(java.time.Duration.ofMillis(firstRetry.toMilliseconds()),
                    java.time.Duration.ofMillis(longestRetry.toMilliseconds()),
                    java.time.Duration.ofMillis(retryBudget.toMilliseconds()));
        }
    }

    /** A notification target of the facility's own (a logbook, a run catalogue). */
    public static class TargetFactory {
        /** Names the target in each request's {@code notifications}, its metrics and its journal file. */
        @NotEmpty
        @jakarta.validation.constraints.Pattern(regexp = "[a-z0-9_]{1,40}", message = "must be 1 to 40 of a-z, 0-9 "
                + "and _")
        private String name;

        @NotEmpty
        private String url;

        /** {@code [spooled]}, or any of {@code written} and {@code failed}. */
        @NotEmpty
        private java.util.Set<org.sfdw.ingest.notify.NotificationTarget.Event> events =
                java.util.Set.of(org.sfdw.ingest.notify.NotificationTarget.Event.WRITTEN);

        /** {@code status}: the request as GET /requests/<id> answers it; {@code epics_writer}: the original's form. */
        @NotNull
        private org.sfdw.ingest.notify.NotificationTarget.Form body =
                org.sfdw.ingest.notify.NotificationTarget.Form.STATUS;

        @JsonProperty
        public String getName() {
            return name;
        }

        @JsonProperty
        public void setName(String name) {
            this.name = name;
        }

        @JsonProperty
        public String getUrl() {
            return url;
        }

        @JsonProperty
        public void setUrl(String url) {
            this.url = url;
        }

        @JsonProperty
        public java.util.Set<org.sfdw.ingest.notify.NotificationTarget.Event> getEvents() {
            return events;
        }

        @JsonProperty
        public void setEvents(java.util.Set<org.sfdw.ingest.notify.NotificationTarget.Event> events) {
            this.events = events;
        }

        @JsonProperty
        public org.sfdw.ingest.notify.NotificationTarget.Form getBody() {
            return body;
        }

        @JsonProperty
        public void setBody(org.sfdw.ingest.notify.NotificationTarget.Form body) {
            this.body = body;
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        @jakarta.validation.constraints.AssertTrue(message = "events must be [spooled], or any of [written, failed]")
        public boolean isEventsOneKind() {
            return events == null || events.isEmpty() || !events.contains(
                    org.sfdw.ingest.notify.NotificationTarget.Event.SPOOLED) || events.size() == 1;
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        @jakarta.validation.constraints.AssertTrue(message = "url must be an http:// or https:// URL with a host")
        public boolean isUrlValid() {
            return url == null || httpUrl(url).isPresent();
        }

        org.sfdw.ingest.notify.NotificationTarget target() {
            return new org.sfdw.ingest.notify.NotificationTarget(name, httpUrl(url).orElseThrow(), events, body);
        }
    }

    /** An http(s) URL with a host, or empty. */
    static java.util.Optional<java.net.URI> httpUrl(String text) {
        try {
            java.net.URI uri = new java.net.URI(text.strip());
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    ? java.util.Optional.of(uri) : java.util.Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return java.util.Optional.empty();
        }
    }
}
