package org.sfdw.ingest;

import com.codahale.metrics.Gauge;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import org.sfdw.ingest.api.PythonJsonReplyWriter;
import org.sfdw.ingest.api.RequestViews;
import org.sfdw.ingest.cli.BrokerServerCommand;
import org.sfdw.ingest.core.Acquisition;
import org.sfdw.ingest.core.BrokerStatistics;
import org.sfdw.ingest.core.ChannelLimits;
import org.sfdw.ingest.core.ChannelsFile;
import org.sfdw.ingest.core.DailyFileSealing;
import org.sfdw.ingest.core.ManagedForwarder;
import org.sfdw.ingest.core.OutputPathPolicy;
import org.sfdw.ingest.core.ParametersValidator;
import org.sfdw.ingest.core.ProcessExit;
import org.sfdw.ingest.core.RequestSpooler;
import org.sfdw.ingest.core.Resubmission;
import org.sfdw.ingest.core.ShutdownLimit;
import org.sfdw.ingest.core.SpoolRetention;
import org.sfdw.ingest.core.Supervisor;
import org.sfdw.ingest.core.WriteRequestFactory;
import org.sfdw.ingest.delivery.DeliveryTracking;
import org.sfdw.ingest.delivery.ForwarderStatuses;
import org.sfdw.ingest.delivery.RequestStatuses;
import org.sfdw.ingest.health.DiskSpaceHealthCheck;
import org.sfdw.ingest.health.ForwarderHealthCheck;
import org.sfdw.ingest.health.NotificationsHealthCheck;
import org.sfdw.ingest.health.SpoolHealthCheck;
import org.sfdw.ingest.notify.EpicsWriterNotice;
import org.sfdw.ingest.notify.NotificationBody;
import org.sfdw.ingest.notify.NotificationJournal;
import org.sfdw.ingest.notify.NotificationSender;
import org.sfdw.ingest.notify.NotificationTarget;
import org.sfdw.ingest.notify.Notifier;
import org.sfdw.ingest.notify.StatusNotice;
import org.sfdw.ingest.resources.BrokerResource;
import org.sfdw.ingest.resources.HttpErrorMapper;
import org.sfdw.ingest.resources.JsonErrorHandler;
import org.sfdw.ingest.resources.RequestsResource;
import org.sfdw.ingest.resources.UnknownPathMapper;
import org.sfdw.ingest.tasks.ExportTask;
import org.sfdw.ingest.tasks.NotificationsResendTask;
import org.sfdw.ingest.tasks.ReplayTask;
import org.sfdw.service.ConfigurationCheck;
import org.sfdw.service.ServiceBundle;
import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolDamagedException;
import org.sfdw.spool.forward.DeliveryListener;
import org.sfdw.spool.forward.Forwarder;
import org.sfdw.spool.forward.ForwarderSettings;
import org.sfdw.spool.json.PythonJson;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The broker: takes acquisitions over REST, spools their write requests durably, forwards them to writers. */
public class BrokerApplication extends Application<BrokerConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerApplication.class);

    /** The section of a shared file this service reads ({@code broker:}), or empty for a file of its own. */
    private final Optional<String> section;

    public BrokerApplication() {
        this(Optional.empty());
    }

    public BrokerApplication(Optional<String> section) {
        this.section = section;
    }

    public static void main(String[] args) throws Exception {
        new BrokerApplication().run(args);
    }

    @Override
    public String getName() {
        return "sfdw-broker";
    }

    @Override
    protected void addDefaultCommands(Bootstrap<BrokerConfiguration> bootstrap) {
        bootstrap.addCommand(new BrokerServerCommand(this));
        bootstrap.addCommand(new ConfigurationCheck<>(this, "broker"));
    }

    /** The exit status of a broker that refuses to start on a damaged spool (EX_DATAERR; systemd does not retry it). */
    public static final int DAMAGED_SPOOL_STATUS = 65;

    @Override
    protected void onFatalError(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof SpoolDamagedException) {
                System.exit(DAMAGED_SPOOL_STATUS);
            }
        }
        super.onFatalError(t);
    }

    @Override
    public void initialize(Bootstrap<BrokerConfiguration> bootstrap) {
        bootstrap.addBundle(new ServiceBundle(section));
    }

    @Override
    public void run(BrokerConfiguration config, Environment environment) {
        ShutdownLimit.install(Duration.ofMillis(config.getShutdownLimit().toMilliseconds()));
        Spool spool = Spool.open(Path.of(config.getSpool().getDirectory()), config.getSpool().settings());
        manage(environment, spool::close);
        Clock clock = Clock.systemDefaultZone();
        Supervisor supervisor = new Supervisor(ProcessExit.system());
        supervisor.watch("spool", () -> spool.fault().map(f -> "appends stopped by " + f));
        Optional<Delivery> delivery = config.isAuditTrailOnly() ? Optional.empty()
                : Optional.of(startDelivery(config, spool, environment, clock, supervisor));
        Optional<Forwarder> forwarder = delivery.map(Delivery::forwarder);
        RequestStatuses statuses = delivery.map(Delivery::statuses)
                .orElseGet(() -> new ForwarderStatuses(Optional.empty()));
        if (forwarder.isEmpty()) {
            LOG.warn("Audit trail only: write requests are spooled but not forwarded to writers");
        }

        PythonJson json = new PythonJson(environment.getObjectMapper());
        PythonJsonReplyWriter replies = new PythonJsonReplyWriter(environment.getObjectMapper());
        OutputPathPolicy paths = new OutputPathPolicy(config.getAllowedOutputRoots().stream().map(Path::of).toList(),
                List.of(spool.directory()));
        ChannelLimits limits = new ChannelLimits(config.getMaxChannels(), config.getMaxPictureChannels());
        ParametersValidator validator = new ParametersValidator(paths, limits);
        RequestSpooler spooler = new RequestSpooler(spool, environment.metrics());
        BrokerStatistics statistics = new BrokerStatistics(clock, environment.metrics());
        String channelsFile = config.getChannelsFile();
        Acquisition acquisition = new Acquisition(spooler,
                new ChannelsFile(channelsFile.isBlank() ? Optional.empty() : Optional.of(Path.of(channelsFile))),
                limits, new WriteRequestFactory(json, config.isSeparateCameraChannels(), paths), statistics, clock,
                Duration.ofMillis(config.getSpool().getAppendTimeout().toMilliseconds()).plusSeconds(1));

        environment.jersey().register(replies);
        environment.jersey().register(new HttpErrorMapper());
        JsonErrorHandler errors = new JsonErrorHandler(replies);
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(errors));
        environment.jersey().register(new UnknownPathMapper());
        environment.jersey().register(new BrokerResource(acquisition, validator, statistics, spooler, forwarder,
                ProcessExit.system(), config.isKillEnabled(), environment.getObjectMapper(), config.getMaxBodyBytes()));
        List<Notifier> notifiers = startNotifiers(config, spool, json, statuses, replies, environment, clock);
        environment.jersey().register(new RequestsResource(spooler, statuses,
                new Resubmission(spooler, validator, statistics, environment.getObjectMapper(), clock), statistics,
                environment.getObjectMapper(), config.getMaxBodyBytes(), notifiers));
        environment.healthChecks().register("spool", new SpoolHealthCheck(spool));
        environment.healthChecks().register("supervision", new com.codahale.metrics.health.HealthCheck() {
            @Override
            protected Result check() {
                return supervisor.failure().map(f -> Result.unhealthy("a broker component failed, the broker exits: "
                        + f)).orElseGet(() -> Result.healthy("every broker thread runs"));
            }
        });
        environment.lifecycle().manage(supervisor);
        environment.metrics().register("sfdw.broker.spool.reserve.bytes",
                (Gauge<Long>) () -> spool.reserve().reserveBytes());
        environment.metrics().register("sfdw.broker.spool.below_reserve",
                (Gauge<Integer>) () -> spool.reserve().hasRoom(spool.directory()) ? 0 : 1);
        DiskSpaceHealthCheck disk = new DiskSpaceHealthCheck(spool.directory(),
                config.getAllowedOutputRoots().stream().map(Path::of).toList(), config.getMinFreeDisk().toBytes());
        environment.healthChecks().register("disk", disk);
        environment.metrics().register("sfdw.broker.disk.spool.free.bytes",
                (Gauge<Long>) () -> DiskSpaceHealthCheck.freeBytes(spool.directory()).orElse(-1));
        environment.metrics().register("sfdw.broker.disk.output.free.bytes",
                (Gauge<Long>) disk::leastFreeOutputBytes);
        forwarder.ifPresent(f -> environment.healthChecks().register("forwarder", new ForwarderHealthCheck(f)));
        registerSpoolMetrics(environment, spool, forwarder, clock);
        environment.lifecycle().manage(new DailyFileSealing(spool, delivery.flatMap(Delivery::tracking)));
        long retentionMillis = config.getSpool().getRetention().toMilliseconds();
        if (retentionMillis > 0) {
            environment.lifecycle().manage(new SpoolRetention(spool, Duration.ofMillis(retentionMillis),
                    statuses::isSettled, delivery.flatMap(Delivery::tracking), clock));
        }
        environment.admin().addTask(new ReplayTask(spool, spooler, clock.getZone()));
        environment.admin().addTask(new ExportTask(spool, clock.getZone()));
        if (!notifiers.isEmpty()) {
            environment.admin().addTask(new NotificationsResendTask(spool, notifiers, clock.getZone()));
        }
    }

    /** How long a target may leave a notification untaken before the health check says so. */
    private static final Duration NOTIFICATION_PATIENCE = Duration.ofMinutes(1);

    /** A notifier for each target, each a tailer of the spool of its own; none when no target is set. */
    private static List<Notifier> startNotifiers(BrokerConfiguration config, Spool spool, PythonJson json,
                                                 RequestStatuses statuses, PythonJsonReplyWriter replies,
                                                 Environment environment, Clock clock) {
        BrokerConfiguration.NotificationsFactory settings = config.getNotifications();
        List<NotificationTarget> targets = settings.allTargets();
        if (targets.isEmpty()) {
            LOG.info("Notifications are off (notifications.epicsWriterUrl is empty, no targets): nobody is told");
            return List.of();
        }
        NotificationSender sender = new NotificationSender(Duration.ofMillis(settings.getTimeout().toMilliseconds()));
        List<Notifier> notifiers = new java.util.ArrayList<>();
        for (NotificationTarget target : targets) {
            NotificationJournal journal = NotificationJournal.open(
                    spool.directory().resolve("notifications").resolve(target.name() + ".jsonl"), target.name(),
                    environment.getObjectMapper(), spool.firstId(), spool.lastId() + 1);
            NotificationBody body = target.form() == NotificationTarget.Form.EPICS_WRITER
                    ? new EpicsWriterNotice(json)
                    : new StatusNotice(new RequestViews(statuses, environment.getObjectMapper()), replies);
            Notifier notifier = new Notifier(target, spool, body, statuses, sender, settings.retrySchedule(), journal,
                    config.isAuditTrailOnly(), clock, environment.metrics());
            environment.lifecycle().manage(notifier);
            notifiers.add(notifier);
            LOG.info("Telling the {} at {} when requests are {}{}", target.name(), target.url(),
                    target.events().stream().map(NotificationTarget.Event::label).sorted().toList(),
                    config.isAuditTrailOnly() ? " (not in audit-trail-only mode: journalled as skipped)" : "");
        }
        environment.healthChecks().register("notifications",
                new NotificationsHealthCheck(notifiers, NOTIFICATION_PATIENCE));
        return notifiers;
    }

    /** How often the delivery state is checkpointed: a start reads at most this much of the outcome journal. */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /** The forwarder, and with acknowledgements the delivery tracking (journal, index, listener, redelivery). */
    private static Delivery startDelivery(BrokerConfiguration config, Spool spool, Environment environment,
                                          Clock clock, Supervisor supervisor) {
        BrokerConfiguration.DeliveryFactory delivery = config.getDelivery();
        BrokerConfiguration.StreamFactory stream = config.getStream();
        ZContext zmq = new ZContext();
        zmq.setLinger(1000);
        manage(environment, zmq::close);
        ForwarderSettings settings = new ForwarderSettings(stream.getBindAddress(), delivery.isAcknowledgements(),
                Duration.ofMillis(stream.getSendTimeout().toMilliseconds()), stream.getHighWaterMark());
        if (!delivery.isAcknowledgements()) {
            LOG.warn("Acknowledgements are off: requests are sent as the original broker sent them, and not redelivered");
            Forwarder forwarder = new Forwarder(spool, zmq, settings, DeliveryListener.NONE);
            supervisor.watch("forwarder", forwarder::failure);
            environment.lifecycle().manage(new ManagedForwarder(forwarder));
            return new Delivery(forwarder, new ForwarderStatuses(Optional.of(forwarder)), Optional.empty());
        }

        DeliveryTracking tracking = DeliveryTracking.open(spool, config.getSpool().settings(),
                new DeliveryTracking.Settings(delivery.getOutcomeAddress(),
                        Duration.ofMillis(delivery.getReceiveTimeout().toMilliseconds()),
                        Duration.ofMillis(delivery.getHeartbeatTimeout().toMilliseconds()), delivery.getMaxAttempts(),
                        CHECKPOINT_INTERVAL),
                new OutcomeCodec(environment.getObjectMapper()), zmq, environment.metrics(), clock,
                listener -> new Forwarder(spool, zmq, settings, listener));
        environment.lifecycle().manage(tracking);
        tracking.healthChecks().forEach(environment.healthChecks()::register);
        tracking.watched().forEach(supervisor::watch);
        return new Delivery(tracking.forwarder(), tracking.statuses(), Optional.of(tracking));
    }

    /** Spool head, forwarder position, lag in requests and seconds, redeliveries. */
    private static void registerSpoolMetrics(Environment environment, Spool spool, Optional<Forwarder> forwarder,
                                             Clock clock) {
        var metrics = environment.metrics();
        metrics.gauge("sfdw.broker.spool.last_id", () -> spool::lastId);
        forwarder.ifPresent(f -> {
            metrics.gauge("sfdw.broker.forwarder.position", () -> f::lastForwardedId);
            metrics.gauge("sfdw.broker.forwarder.lag_requests", () -> () -> Math.max(0, spool.lastId()
                    - f.lastForwardedId()));
            metrics.gauge("sfdw.broker.forwarder.lag_seconds", () -> () -> lagSeconds(spool, f, clock));
            metrics.gauge("sfdw.broker.forwarder.waiting_for_writer_seconds",
                    () -> () -> f.waitingForWriter().toMillis() / 1000.0);
            metrics.gauge("sfdw.broker.requests.forwarded", () -> f::forwardedCount);
            metrics.gauge("sfdw.broker.requests.redelivered", () -> f::redeliveredCount);
            metrics.gauge("sfdw.broker.forwarder.reopens", () -> f::reopenCount);
        });
    }

    /** How long the oldest request not yet forwarded has waited; a damaged one (the forwarder says so) counts as 0. */
    private static double lagSeconds(Spool spool, Forwarder forwarder, Clock clock) {
        if (forwarder.lastForwardedId() >= spool.lastId()) {
            return 0.0;
        }
        try {
            return spool.entry(forwarder.lastForwardedId() + 1)
                    .map(e -> Math.max(0, clock.millis() - e.spooledAtMillis()) / 1000.0).orElse(0.0);
        } catch (org.sfdw.spool.SpoolUnavailableException e) {
            return 0.0;
        }
    }

    private static void manage(Environment environment, Runnable stop) {
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                stop.run();
            }
        });
    }

    /** A forwarding broker's forwarder and what it knows of each request's delivery. */
    private record Delivery(Forwarder forwarder, RequestStatuses statuses, Optional<DeliveryTracking> tracking) {
    }
}
