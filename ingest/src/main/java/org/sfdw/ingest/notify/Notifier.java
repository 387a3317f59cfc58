package org.sfdw.ingest.notify;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import org.sfdw.ingest.delivery.DeliveryState;
import org.sfdw.ingest.delivery.RequestStatuses;
import org.sfdw.spool.Spool;
import org.sfdw.spool.SpoolTailer;
import org.sfdw.spool.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Tells one target (the EPICS writer, or one of the configured ones) about requests, from the spool itself: a
 * tailer of its own, whose position is on disk, reads each request after it was spooled, so neither a broker
 * restart nor a target that is down or slow loses a notification, and {@code stop_pulse_id} never waits for one. A
 * target told when requests end waits at each request until it has (its status is durable too).
 *
 * <p>The requests are told in spool order: the next one waits while the one before is retried, so that a target
 * that comes back gets them in order. A notification is tried until its retry budget is spent (then it has failed),
 * or the target refuses it; either way it is journalled before the tailer moves on, and the re-send task can try it
 * again. In audit-trail-only mode nothing is sent and the requests are journalled as skipped.
 */
public final class Notifier implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Duration IDLE = Duration.ofMillis(50);

    private final NotificationTarget to;
    private final String target;
    private final URI url;
    private final Spool spool;
    private final NotificationBody notice;
    private final RequestStatuses statuses;
    private final NotificationSender sender;
    private final RetrySchedule schedule;
    private final NotificationJournal journal;
    private final boolean sendNothing;
    private final Clock clock;
    private final BlockingQueue<Long> resends = new LinkedBlockingQueue<>();
    private final Counter delivered;
    private final Counter failed;
    private final Counter attemptsMade;
    private volatile Thread thread;
    private volatile boolean stopping;
    /** The last request the notifier went past: every one up to it is settled or not due. */
    private volatile long passed;
    /** The head notification while it is retried (the tailer's thread sets it). */
    private volatile Telling current;

    /**
     * @param statuses    where requests are on their way to a file: a target told when they end waits for it
     * @param sendNothing audit-trail-only mode: journal every due notification as skipped, send none
     */
    public Notifier(NotificationTarget to, Spool spool, NotificationBody notice, RequestStatuses statuses,
                    NotificationSender sender, RetrySchedule schedule, NotificationJournal journal,
                    boolean sendNothing, Clock clock, MetricRegistry metrics) {
        this.to = to;
        this.target = to.name();
        this.url = to.url();
        this.spool = spool;
        this.notice = notice;
        this.statuses = statuses;
        this.sender = sender;
        this.schedule = schedule;
        this.journal = journal;
        this.sendNothing = sendNothing;
        this.clock = clock;
        String prefix = "sfdw.broker.notifications." + target;
        this.delivered = metrics.counter(prefix + ".delivered");
        this.failed = metrics.counter(prefix + ".failed");
        this.attemptsMade = metrics.counter(prefix + ".attempts");
        metrics.gauge(prefix + ".pending", () -> () -> Math.max(0, spool.lastId() - passed));
        metrics.gauge(prefix + ".unresolved", () -> journal::unresolvedCount);
    }

    private String tailerName() {
        return "notify-" + target;
    }

    @Override
    public void start() {
        if (journal.isNew()) {
            // Told from now on: the requests spooled before notifications were on were not the target's to get.
            spool.positionNamedTailer(tailerName(), journal.from());
        }
        passed = journal.from() - 1;
        thread = new Thread(this::run, "notifier-" + target);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
            running.join(TimeUnit.SECONDS.toMillis(10));
        }
        journal.close();
    }

    /** Queues the failed and refused notifications of requests {@code from} to {@code to} to be sent again. */
    public java.util.List<Long> resend(long from, long to) {
        java.util.List<Long> ids = journal.unresolved(from, to);
        resends.addAll(ids);
        return ids;
    }

    /** Where the notification of request {@code id} stands; empty when none is due for it. */
    public Optional<NotificationState> state(WriteRequest request) {
        Optional<NotificationState> settled = journal.state(request.id());
        if (settled.isPresent()) {
            return settled;
        }
        if (request.id() < journal.from()) {
            return Optional.empty();
        }
        Optional<Boolean> due = dueOnItsEnd(request);
        if (due.isEmpty()) {
            return Optional.of(new NotificationState(target, NotificationState.WAITING, 0, null, 0));
        }
        if (!due.get() || !isFor(request)) {
            return Optional.empty();
        }
        Telling retrying = current;
        if (retrying != null && retrying.request.id() == request.id()) {
            return Optional.of(retrying.pending());
        }
        return Optional.of(new NotificationState(target, NotificationState.PENDING, 0, null, 0));
    }

    /** How long the notification at the head has been retried, or zero. */
    public Duration retrying() {
        Telling retrying = current;
        return retrying == null ? Duration.ZERO : Duration.ofMillis(Math.max(0, clock.millis()
                - retrying.firstMillis));
    }

    public long unresolvedCount() {
        return journal.unresolvedCount();
    }

    public String target() {
        return target;
    }

    private void run() {
        try (SpoolTailer tailer = spool.namedTailer(tailerName())) {
            // Where the last notifier stopped: everything before the next request it will be offered is settled.
            try {
                passed = tailer.peekNextId().orElse(spool.lastId() + 1) - 1;
            } catch (RuntimeException e) {
                LOG.warn("The {} notifier cannot see where it stopped ({}); it finds out with the next request",
                        target, e.toString());
            }
            while (!stopping) {
                try {
                    step(tailer);
                } catch (RuntimeException e) {
                    // A damaged record, a journal that cannot be written: said once a second until it is fixed,
                    // the request not passed over.
                    LOG.error("The {} notifier cannot go on ({}); trying again in 1 s", target, e.toString());
                    Thread.sleep(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void step(SpoolTailer tailer) throws InterruptedException {
        Long resend = resends.poll();
        if (resend != null) {
            resend(resend);
            return;
        }
        SpoolTailer.Offer offer = tailer.offerNext(this::take);
        if (offer != SpoolTailer.Offer.TAKEN) {
            Telling retry = current;
            long wait = retry == null ? IDLE.toMillis()
                    : Math.min(1000, Math.max(1, retry.nextAttemptMillis - clock.millis()));
            Thread.sleep(wait);
        }
    }

    private void resend(long id) throws InterruptedException {
        Optional<WriteRequest> request = spool.read(id);
        Optional<byte[]> body = request.flatMap(this::bodyOrEmpty);
        if (body.isEmpty()) {
            return;
        }
        Telling telling = new Telling(request.get(), body.get(), true);
        while (!stopping && !telling.attempt()) {
            Thread.sleep(Math.max(1, telling.nextAttemptMillis - clock.millis()));
        }
    }

    /**
     * @return true once the request's notification is settled (or none is due), so that the tailer moves on; false
     *         while it waits for its next attempt (the tailer offers it again)
     */
    private boolean take(WriteRequest request) {
        boolean settled = settle(request);
        if (settled) {
            passed = request.id();
        }
        return settled;
    }

    /**
     * For a target told when requests end: whether this one is its to hear of (it was written, or failed, as the
     * target wants), or empty while it has not ended. Always true for a target told when requests are spooled.
     */
    private Optional<Boolean> dueOnItsEnd(WriteRequest request) {
        if (to.whenSpooled()) {
            return Optional.of(true);
        }
        DeliveryState status = statuses.statusOf(request.id());
        if (!status.isFinal()) {
            return Optional.empty();
        }
        return Optional.of(status == DeliveryState.WRITTEN && to.events().contains(NotificationTarget.Event.WRITTEN)
                || status == DeliveryState.FAILED && to.events().contains(NotificationTarget.Event.FAILED));
    }

    private boolean isFor(WriteRequest request) {
        try {
            return notice.isFor(request);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Optional<byte[]> bodyOrEmpty(WriteRequest request) {
        try {
            return notice.body(request);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private boolean settle(WriteRequest request) {
        Telling telling = current;
        if (telling == null || telling.request.id() != request.id()) {
            if (journal.state(request.id()).isPresent()) {
                return true;
            }
            if (sendNothing) {
                if (isFor(request)) {
                    journal.settle(request.id(), new NotificationState(target, NotificationState.SKIPPED, 0,
                            "spooled in audit-trail-only mode, which sends nothing", clock.millis()));
                }
                return true;
            }
            Optional<Boolean> due = dueOnItsEnd(request);
            if (due.isEmpty()) {
                return false;
            }
            if (!due.get()) {
                return true;
            }
            Optional<byte[]> body;
            try {
                body = notice.body(request);
            } catch (IllegalArgumentException e) {
                journal.settle(request.id(), new NotificationState(target, NotificationState.REFUSED, 0,
                        "no notification can be made of this request: " + e.getMessage(), clock.millis()));
                return true;
            }
            if (body.isEmpty()) {
                return true;
            }
            telling = new Telling(request, body.get(), false);
            current = telling;
        }
        if (clock.millis() < telling.nextAttemptMillis) {
            return false;
        }
        try {
            if (telling.attempt()) {
                current = null;
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return false;
        }
    }

    /** One notification on its way: its attempts so far, and when the next is due. */
    private final class Telling {
        private final WriteRequest request;
        private final byte[] body;
        private final boolean again;
        private final int before;
        private final long firstMillis = clock.millis();
        private volatile int attempts;
        private volatile long nextAttemptMillis;
        private volatile String lastError;

        Telling(WriteRequest request, byte[] body, boolean again) {
            this.request = request;
            this.body = body;
            this.again = again;
            this.before = journal.state(request.id()).map(NotificationState::attempts).orElse(0);
        }

        NotificationState pending() {
            return new NotificationState(target, NotificationState.PENDING, before + attempts, lastError, 0);
        }

        /** Makes one attempt; true when the notification is settled (and journalled). */
        boolean attempt() throws InterruptedException {
            attempts++;
            attemptsMade.inc();
            NotificationSender.Attempt attempt = sender.send(url, body);
            if (attempt instanceof NotificationSender.Attempt.Delivered) {
                journal.settle(request.id(), new NotificationState(target, NotificationState.DELIVERED,
                        before + attempts, null, clock.millis()));
                delivered.inc();
                LOG.info("Request {}: told the {} at {} ({}, attempt {}){}", request.id(), target, url,
                        request.label(), attempts, again ? ", sent again" : "");
                return true;
            }
            boolean refused = attempt instanceof NotificationSender.Attempt.Refused;
            lastError = refused ? ((NotificationSender.Attempt.Refused) attempt).why()
                    : ((NotificationSender.Attempt.Retryable) attempt).why();
            Optional<Duration> wait = refused ? Optional.empty()
                    : schedule.next(attempts, Duration.ofMillis(clock.millis() - firstMillis));
            if (wait.isEmpty()) {
                String state = refused ? NotificationState.REFUSED : NotificationState.FAILED;
                journal.settle(request.id(), new NotificationState(target, state, before + attempts, lastError,
                        clock.millis()));
                failed.inc();
                LOG.error("Request {}: the {} at {} was not told ({} after {} attempt(s)): {}; send it again with "
                        + "POST /tasks/notifications-resend?from={}&to={} on the admin port", request.id(), target,
                        url, state, attempts, lastError, request.id(), request.id());
                return true;
            }
            nextAttemptMillis = clock.millis() + wait.get().toMillis();
            LOG.warn("Request {}: the {} at {} did not take it (attempt {}: {}); trying again in {} ms",
                    request.id(), target, url, attempts, lastError, wait.get().toMillis());
            return false;
        }
    }
}
