package org.sfdw.workers.dataapi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Takes down every call a parser makes on its consumer, doubles by their bits: two parsers that leave equal records
 * feed the writer alike, so they write the same file. The first calls are kept as text to show where two records
 * part; all of them go into a digest.
 */
final class RecordingConsumer implements ResponseConsumer {

    private static final int KEPT = 400;

    private final MessageDigest digest;
    private final List<String> first = new ArrayList<>();
    private long calls;

    RecordingConsumer() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private void note(String call) {
        calls++;
        digest.update(call.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        if (first.size() < KEPT) {
            first.add(call);
        }
    }

    /** The digest of all calls, their number and the first of them. */
    String record() {
        return HexFormat.of().formatHex(digest.digest()) + " after " + calls + " calls, the first:\n"
                + String.join("\n", first);
    }

    @Override
    public EventSink channel(ChannelSchema schema) {
        note("channel " + schema);
        return new EventSink() {
            @Override
            public void putLong(int index, long value) {
                note("long " + index + " " + value);
            }

            @Override
            public void putDouble(int index, double value) {
                note("double " + index + " " + Long.toHexString(Double.doubleToRawLongBits(value)) + " " + value);
            }

            @Override
            public void putText(int index, String value) {
                note("text " + index + " " + value.codePoints().mapToObj(Integer::toHexString).toList());
            }

            @Override
            public void putRaw(ByteBuffer value) {
                note("raw " + value.remaining());
            }

            @Override
            public void endEvent(long pulseId, String globalDate) {
                note("event " + pulseId + " " + globalDate);
            }

            @Override
            public void endChannel() {
                note("end " + schema.name());
            }
        };
    }

    @Override
    public void channelWithoutConfig(String name) {
        note("without config " + name);
    }
}
