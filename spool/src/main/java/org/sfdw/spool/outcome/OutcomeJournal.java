package org.sfdw.spool.outcome;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.WireIn;
import org.sfdw.spool.AppendThread;
import org.sfdw.spool.Durability;
import org.sfdw.spool.SpoolUnavailableException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The durable record of every outcome (a second Chronicle Queue beside the spool): what was sent when, what the
 * writers reported. Replayed at start-up, it tells which requests still have no final outcome.
 */
public final class OutcomeJournal implements AutoCloseable {

    private final Path directory;
    private final ChronicleQueue queue;
    private final Durability durability;
    private final AppendThread appendThread;
    private ExcerptAppender appender;   // owned by appendThread

    private OutcomeJournal(Path directory, ChronicleQueue queue, Durability durability) {
        this.directory = directory;
        this.queue = queue;
        this.durability = durability;
        this.appendThread = new AppendThread("outcome-journal", "outcome journal " + directory);
        appendThread.call(() -> {
            appender = queue.createAppender();
            return null;
        });
    }

    public static OutcomeJournal open(Path directory, Durability durability) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SpoolUnavailableException("cannot create outcome journal " + directory + ": " + e, e);
        }
        return new OutcomeJournal(directory, SingleChronicleQueueBuilder.single(directory.toFile())
                .syncMode(durability.syncMode()).build(), durability);
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
                    .write("error").text(outcome.error()));
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

    private static Outcome read(WireIn wire) {
        long id = wire.read("request_id").int64();
        Outcome.Kind kind = Outcome.Kind.valueOf(wire.read("kind").text().toUpperCase(Locale.ROOT));
        String writer = wire.read("writer").text();
        long time = wire.read("time").int64();
        return new Outcome(id, kind, writer, time, wire.read("output_file").text(), wire.read("err_file").text(),
                wire.read("error").text());
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
