package org.sfdw.spool.outcome;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.WireIn;
import org.sfdw.spool.AppendThread;
import org.sfdw.spool.Durability;
import org.sfdw.spool.SpoolUnavailableException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The durable record of every outcome (a second Chronicle Queue beside the spool): what was sent when, what the
 * writers reported. Replayed at start-up, it tells which requests still have no final outcome.
 */
public final class OutcomeJournal implements AutoCloseable {

    private final Path directory;
    private final ChronicleQueue queue;
    private final Durability durability;
    private final OutcomeCodec codec;
    private final AppendThread appendThread;
    private ExcerptAppender appender;   // owned by appendThread

    private OutcomeJournal(Path directory, ChronicleQueue queue, Durability durability, OutcomeCodec codec) {
        this.directory = directory;
        this.queue = queue;
        this.durability = durability;
        this.codec = codec;
        this.appendThread = new AppendThread("outcome-journal", "outcome journal " + directory);
        appendThread.call(() -> {
            appender = queue.createAppender();
            return null;
        });
    }

    /** @param codec writes and reads the completeness reports of written files */
    public static OutcomeJournal open(Path directory, Durability durability, OutcomeCodec codec) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SpoolUnavailableException("cannot create outcome journal " + directory + ": " + e, e);
        }
        return new OutcomeJournal(directory, SingleChronicleQueueBuilder.single(directory.toFile())
                .syncMode(durability.syncMode()).build(), durability, codec);
    }

    public Path directory() {
        return directory;
    }

    /** Appends and syncs as the spool's durability says. */
    public void append(Outcome outcome) {
        appendThread.call(() -> {
            appender.writeDocument(w -> w.write("request_id").int64(outcome.requestId())
                    .write("kind").text(outcome.kind().name())
                    .write("writer").text(outcome.writer())
                    .write("time").int64(outcome.timeMillis())
                    .write("output_file").text(outcome.outputFile())
                    .write("err_file").text(outcome.errFile())
                    .write("error").text(outcome.error())
                    .write("report").text(outcome.report().isEmpty() ? null : codec.reportText(outcome.report())));
            if (durability != Durability.NONE) {
                appender.sync();
            }
            return null;
        });
    }

    /** Every outcome, oldest first. */
    public void replay(Consumer<Outcome> consumer) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return;
                    }
                    consumer.accept(read(dc.wire()));
                }
            }
        }
    }

    /**
     * The newest outcome of this kind for one request (after a redelivery that was written twice, the one whose file
     * was renamed last, i.e. the file on disk), searched from the newest record back: linear in the journal's size
     * for old requests, so it serves single lookups ({@code GET /requests/<id>}), not lists.
     */
    public Optional<Outcome> newestOf(long requestId, Outcome.Kind wanted) {
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return Optional.empty();
                    }
                    if (dc.wire().read("request_id").int64() != requestId) {
                        continue;
                    }
                    Outcome.Kind kind = kindOf(dc.wire());
                    if (kind == wanted) {
                        return Optional.of(readAfterKind(dc.wire(), requestId, kind));
                    }
                }
            }
        }
    }

    private Outcome read(WireIn wire) {
        long id = wire.read("request_id").int64();
        return readAfterKind(wire, id, kindOf(wire));
    }

    private static Outcome.Kind kindOf(WireIn wire) {
        return Outcome.Kind.valueOf(wire.read("kind").text().toUpperCase(Locale.ROOT));
    }

    private Outcome readAfterKind(WireIn wire, long id, Outcome.Kind kind) {
        String writer = wire.read("writer").text();
        long time = wire.read("time").int64();
        String outputFile = wire.read("output_file").text();
        String errFile = wire.read("err_file").text();
        String error = wire.read("error").text();
        // Records written before reports were journalled have no "report" field.
        String report = wire.hasMore() ? wire.read("report").text() : null;
        return new Outcome(id, kind, writer, time, outputFile, errFile, error,
                report == null ? List.of() : codec.reportOf(report));
    }

    @Override
    public void close() {
        try {
            appendThread.call(() -> {
                appender.close();
                return null;
            });
        } finally {
            appendThread.close();
            queue.close();
        }
    }
}
