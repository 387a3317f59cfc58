package org.sfdw.workers.core;

import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.bsread.WriteRequestDelivery;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which request a written file holds, kept with the file (extended attribute {@code user.sfdw.request}) so that a
 * writer finding a file at its target can tell a redelivery of its own request from another acquisition's file.
 *
 * @param requestId the spool id, {@link WriteRequest#NO_ID} when the request had none
 * @param timestamp the request's creation time, as spooled: with the path it tells acquisitions apart
 * @param delivery  which sending of the request wrote the file
 * @param rerunOf   the request the writing one re-ran, {@link WriteRequest#NO_ID} for none
 * @param writer    the writer process ({@link WriterIdentity#token()})
 */
public record FileMark(long requestId, double timestamp, int delivery, long rerunOf, String writer) {

    public static FileMark of(WriteRequestDelivery delivery, WriterIdentity writer) {
        WriteRequest request = delivery.request();
        return new FileMark(request.id(), request.timestamp(), delivery.number(), request.rerunOf(), writer.token());
    }

    /** True when the file was written for this very request, by this or another sending. */
    public boolean sameRequestAs(WriteRequest request) {
        boolean idsAgree = requestId == request.id() || requestId == WriteRequest.NO_ID || !request.hasId();
        return idsAgree && Double.compare(timestamp, request.timestamp()) == 0;
    }

    /** True when a later sending of this very request wrote the file: {@code delivery} is overtaken. */
    public boolean overtakes(WriteRequestDelivery delivery) {
        return sameRequestAs(delivery.request()) && delivery.number() != WriteRequestDelivery.UNKNOWN
                && this.delivery > delivery.number();
    }

    /** True when {@code request} runs again the request whose file this is (or the one that one re-ran). */
    public boolean reRunBy(WriteRequest request) {
        long original = request.rerunOf();
        return original != WriteRequest.NO_ID && (original == requestId || original == rerunOf);
    }

    /** Says which write this is, for messages: {@code request 12 (sending 2, writer host~...)}. */
    public String describe() {
        return (requestId == WriteRequest.NO_ID ? "a request without id" : "request " + requestId) + " (sending "
                + (delivery == WriteRequestDelivery.UNKNOWN ? "?" : Integer.toString(delivery)) + ", writer "
                + writer + ")";
    }

    String encode() {
        return "request=" + requestId + " timestamp=" + Double.toString(timestamp) + " delivery=" + delivery
                + " rerun_of=" + rerunOf + " writer=" + writer;
    }

    /** @return empty when {@code text} is not a mark this writer wrote */
    static Optional<FileMark> decode(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String field : text.strip().split(" ")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                fields.put(field.substring(0, eq), field.substring(eq + 1));
            }
        }
        try {
            return Optional.of(new FileMark(Long.parseLong(fields.get("request")),
                    Double.parseDouble(fields.get("timestamp")), Integer.parseInt(fields.get("delivery")),
                    Long.parseLong(fields.get("rerun_of")), fields.getOrDefault("writer", "?")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
