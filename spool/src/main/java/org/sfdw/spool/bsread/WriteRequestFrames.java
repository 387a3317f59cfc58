package org.sfdw.spool.bsread;

import org.sfdw.spool.WriteRequest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A write request as a bsread message (bsread.md §7): channels {@code data_api_request}, {@code parameters},
 * {@code timestamp} and, when request ids are on, {@code request_id}, {@code delivery} (1 for the first sending, 2
 * for the first redelivery, ...) and {@code rerun_of} (the id of the request this one runs again, 0 for none).
 *
 * <p>Without the id channel the frames are byte-identical to what the original Python broker sent, so an original
 * writer can pull from us. Receivers look channels up by name, so old writers ignore the extra channel.
 */
public final class WriteRequestFrames {

    public static final String DATA_API_REQUEST = "data_api_request";
    public static final String PARAMETERS = "parameters";
    public static final String TIMESTAMP = "timestamp";
    public static final String REQUEST_ID = "request_id";
    public static final String DELIVERY = "delivery";
    public static final String RERUN_OF = "rerun_of";

    private static final String BASE_CHANNELS = "{\"name\": \"data_api_request\", \"type\": \"string\", \"shape\": [1], "
            + "\"encoding\": \"little\"}, {\"name\": \"parameters\", \"type\": \"string\", \"shape\": [1], "
            + "\"encoding\": \"little\"}, {\"name\": \"timestamp\", \"type\": \"float64\", \"shape\": [1], "
            + "\"encoding\": \"little\"}";
    private static final String ID_CHANNELS = ", {\"name\": \"request_id\", \"type\": \"int64\", \"shape\": [1], "
            + "\"encoding\": \"little\"}, {\"name\": \"delivery\", \"type\": \"int64\", \"shape\": [1], "
            + "\"encoding\": \"little\"}, {\"name\": \"rerun_of\", \"type\": \"int64\", \"shape\": [1], "
            + "\"encoding\": \"little\"}";

    private final boolean withRequestId;
    private final byte[] dataHeader;
    private final String hash;

    public WriteRequestFrames(boolean withRequestId) {
        this.withRequestId = withRequestId;
        String header = "{\"htype\": \"bsr_d-1.1\", \"channels\": [" + BASE_CHANNELS
                + (withRequestId ? ID_CHANNELS : "") + "]}";
        this.dataHeader = header.getBytes(StandardCharsets.UTF_8);
        this.hash = md5Hex(dataHeader);
    }

    /**
     * The frames of one message.
     *
     * @param pulseId the sender's message counter (0 for the first message a sender sends)
     * @param sec     global timestamp, epoch seconds
     * @param nanos   global timestamp, nanoseconds within the second
     */
    public List<byte[]> encode(WriteRequest request, long pulseId, long sec, long nanos) {
        return encode(request, 1, pulseId, sec, nanos);
    }

    /**
     * The frames of one sending of a request.
     *
     * @param delivery which sending this is: 1 the first, 2 the first redelivery, ...
     */
    public List<byte[]> encode(WriteRequest request, int delivery, long pulseId, long sec, long nanos) {
        String main = "{\"htype\": \"bsr_m-1.1\", \"hash\": \"" + hash + "\", \"pulse_id\": " + pulseId
                + ", \"global_timestamp\": {\"sec\": " + sec + ", \"ns\": " + nanos + "}}";
        byte[] stamp = littleEndian(16).putLong(sec).putLong(nanos).array();
        List<byte[]> frames = new ArrayList<>(withRequestId ? 14 : 8);
        frames.add(main.getBytes(StandardCharsets.UTF_8));
        frames.add(dataHeader.clone());
        frames.add(request.dataApiRequest().getBytes(StandardCharsets.UTF_8));
        frames.add(stamp);
        frames.add(request.parameters().getBytes(StandardCharsets.UTF_8));
        frames.add(stamp.clone());
        frames.add(littleEndian(8).putDouble(request.timestamp()).array());
        frames.add(stamp.clone());
        if (withRequestId) {
            frames.add(littleEndian(8).putLong(request.id()).array());
            frames.add(stamp.clone());
            frames.add(littleEndian(8).putLong(delivery).array());
            frames.add(stamp.clone());
            frames.add(littleEndian(8).putLong(request.rerunOf()).array());
            frames.add(stamp.clone());
        }
        return frames;
    }

    /**
     * The write request a decoded message carries. A message from a sender without ids gets
     * {@link WriteRequest#NO_ID}.
     *
     * @throws BsreadFormatException naming the missing or mistyped channel
     */
    public static WriteRequest decode(BsreadMessage message) {
        return decodeDelivery(message).request();
    }

    /**
     * The write request a decoded message carries, and which sending of it this is ({@link
     * WriteRequestDelivery#UNKNOWN} from a sender that does not count them).
     *
     * @throws BsreadFormatException naming the missing or mistyped channel
     */
    public static WriteRequestDelivery decodeDelivery(BsreadMessage message) {
        String query = requireString(message, DATA_API_REQUEST);
        String parameters = requireString(message, PARAMETERS);
        Object timestamp = message.values().get(TIMESTAMP);
        if (!(timestamp instanceof Number ts)) {
            throw new BsreadFormatException("write request has no numeric '" + TIMESTAMP + "' channel");
        }
        Object id = message.values().get(REQUEST_ID);
        long requestId = id instanceof Number n ? n.longValue() : WriteRequest.NO_ID;
        long rerunOf = message.values().get(RERUN_OF) instanceof Number n ? n.longValue() : WriteRequest.NO_ID;
        long delivery = message.values().get(DELIVERY) instanceof Number n ? n.longValue()
                : WriteRequestDelivery.UNKNOWN;
        if (delivery < 0 || delivery > Integer.MAX_VALUE) {
            throw new BsreadFormatException("write request has a '" + DELIVERY + "' of " + delivery);
        }
        return new WriteRequestDelivery(new WriteRequest(requestId, ts.doubleValue(), query, parameters, rerunOf),
                (int) delivery);
    }

    private static String requireString(BsreadMessage message, String channel) {
        Object value = message.values().get(channel);
        if (!(value instanceof String s)) {
            throw new BsreadFormatException("write request has no '" + channel + "' string value");
        }
        return s;
    }

    private static ByteBuffer littleEndian(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }
}
