package org.sfdw.ingest.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settled notifications of one target, one JSON line each, synced before the notifier moves on: after a crash
 * the notifier knows which requests it already told, and {@code GET /requests/<id>} what came of it. The first line
 * says from which request on the target is told ({@code from}); requests before it were spooled before.
 *
 * <p>A line cut by a crash (the last one) is dropped with a WARN; the notification it settled is then sent again,
 * once more than needed rather than never. At open, lines of requests no longer in the spool are left out; the file
 * is rewritten then, or after a cut line, and otherwise only read.
 */
public final class NotificationJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationJournal.class);

    private final Path file;
    private final String target;
    private final ObjectMapper mapper;
    private final long from;
    private final SettledNotifications settled;
    private final FileChannel channel;
    private final boolean isNew;

    private NotificationJournal(Path file, String target, ObjectMapper mapper, long from,
                                SettledNotifications kept, boolean isNew) throws IOException {
        this.isNew = isNew;
        this.file = file;
        this.target = target;
        this.mapper = mapper;
        this.from = from;
        this.settled = kept;
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * @param firstKept the spool's first request: lines of older ones are dropped
     * @param fromIfNew where a new journal starts telling: the next request to be spooled
     */
    public static NotificationJournal open(Path file, String target, ObjectMapper mapper, long firstKept,
                                           long fromIfNew) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            long from = fromIfNew;
            SettledNotifications kept = new SettledNotifications(target);
            boolean isNew = !Files.exists(file);
            // Rewritten only when the file is not as it would be written now: a journal of years is read at
            // every start, but copied only when a crash cut a line or requests left the spool.
            boolean asWritten = !isNew && endsWithNewline(file);
            if (!isNew) {
                Optional<Long> start = Optional.empty();
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String text = reader.readLine();
                    int number = 0;
                    while (text != null) {
                        number++;
                        String next = reader.readLine();
                        JsonNode line = parse(mapper, text);
                        if (line == null) {
                            asWritten = false;
                            LOG.warn("Notification journal {}: line {} is not whole ({}); {}", file, number,
                                    text.length() > 80 ? text.substring(0, 80) + "..." : text,
                                    next == null ? "the notification it settled is sent again" : "it is left out");
                        } else if (line.has("from")) {
                            start = Optional.of(line.get("from").asLong());
                        } else if (line.path("id").asLong() < firstKept) {
                            asWritten = false;
                        } else {
                            kept.put(line.get("id").asLong(), new NotificationState(target,
                                    line.path("state").asText(), line.path("attempts").asInt(),
                                    line.path("last_error").isNull() ? null : line.path("last_error").asText(null),
                                    line.path("at").asLong()));
                        }
                        text = next;
                    }
                }
                asWritten &= start.isPresent();
                from = start.orElse(fromIfNew);
            }
            if (!asWritten) {
                rewrite(file, mapper, from, kept);
            }
            return new NotificationJournal(file, target, mapper, from, kept, isNew);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the notification journal " + file, e);
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            if (in.size() == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            in.read(last, in.size() - 1);
            return last.get(0) == '\n';
        }
    }

    /** Writes the journal anew from what was kept, and puts it in place of the old one at once. */
    private static void rewrite(Path file, ObjectMapper mapper, long from, SettledNotifications kept)
            throws IOException {
        Path fresh = file.resolveSibling(file.getFileName() + ".new");
        try (FileChannel out = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             Writer text = new BufferedWriter(Channels.newWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            text.write(line(mapper, Map.of("from", from)));
            kept.forEach((id, state) -> {
                try {
                    text.write(line(mapper, record(mapper, id, state)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            text.flush();
            out.force(true);
        }
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode parse(ObjectMapper mapper, String line) {
        try {
            JsonNode node = mapper.readTree(line);
            return node != null && node.isObject() && (node.has("from") || node.has("id") && node.has("state"))
                    ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectNode record(ObjectMapper mapper, long id, NotificationState state) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", id);
        node.put("state", state.state());
        node.put("attempts", state.attempts());
        node.put("last_error", state.lastError());
        node.put("at", state.atMillis());
        return node;
    }

    private static String line(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first request this target is told about. */
    public long from() {
        return from;
    }

    /** Records {@code state} for request {@code id}, durably, before it returns. */
    public synchronized void settle(long id, NotificationState state) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line(mapper, record(mapper, id, state)).getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the notification journal " + file + " (request " + id
                    + ", " + target + ")", e);
        }
        settled.put(id, state);
    }

    /** Whether this journal was made by this open: its target was not told anything before. */
    public boolean isNew() {
        return isNew;
    }

    public Optional<NotificationState> state(long id) {
        return settled.get(id);
    }

    /** The settled notifications of requests {@code fromId} to {@code toId} that failed or were refused. */
    public List<Long> unresolved(long fromId, long toId) {
        return settled.unresolved(fromId, toId);
    }

    public long unresolvedCount() {
        return settled.unresolvedCount();
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Closing the notification journal {}: {}", file, e.toString());
        }
    }
}
