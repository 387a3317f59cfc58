package org.sfdw.spool.outcome;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How complete one channel's data in a written file is, as PSI's later consistency checks judged it.
 *
 * @param channel              the channel's name
 * @param expectedPulses       pulses of the requested range the channel should have at its own rate (the pulse-id
 *                             step seen in its data), or -1 when the request had no pulse-id range
 * @param presentPulses        distinct pulse ids received inside the requested range
 * @param firstPulseId         the smallest pulse id received, -1 when none
 * @param lastPulseId          the largest pulse id received, -1 when none
 * @param pulseIdStep          the step between the channel's pulse ids (4 for a 25 Hz channel at 100 Hz), 0 when fewer
 *                             than two pulses arrived
 * @param duplicatePulseIds    events whose pulse id an earlier event already had
 * @param nonMonotonicPulseIds events whose pulse id is smaller than the one before
 * @param pulsesOutsideRange   events outside the requested range
 * @param absent               the channel was asked for but the data api's answer left it out: the file has no
 *                             datasets for it (as the original's), and it counts as incomplete
 *
 * <p>In JSON (outcome messages, the outcome journal, {@code GET /requests/<id>}) the fields are snake_case, as the
 * original's messages and the file's attributes are, plus {@code complete}.
 */
@JsonIgnoreProperties(value = "complete", allowGetters = true)
public record ChannelReport(@JsonProperty("channel") String channel,
                            @JsonProperty("expected_pulses") long expectedPulses,
                            @JsonProperty("present_pulses") long presentPulses,
                            @JsonProperty("first_pulse_id") long firstPulseId,
                            @JsonProperty("last_pulse_id") long lastPulseId,
                            @JsonProperty("pulse_id_step") long pulseIdStep,
                            @JsonProperty("duplicate_pulse_ids") long duplicatePulseIds,
                            @JsonProperty("non_monotonic_pulse_ids") long nonMonotonicPulseIds,
                            @JsonProperty("pulses_outside_range") long pulsesOutsideRange,
                            @JsonProperty("absent") boolean absent) {

    public ChannelReport(String channel, long expectedPulses, long presentPulses, long firstPulseId, long lastPulseId,
                         long pulseIdStep, long duplicatePulseIds, long nonMonotonicPulseIds,
                         long pulsesOutsideRange) {
        this(channel, expectedPulses, presentPulses, firstPulseId, lastPulseId, pulseIdStep, duplicatePulseIds,
                nonMonotonicPulseIds, pulsesOutsideRange, false);
    }

    /**
     * A channel the answer left out.
     *
     * @param expectedPulses the requested range's length (its rate is unknown without data), -1 without a range
     */
    public static ChannelReport absent(String channel, long expectedPulses) {
        return new ChannelReport(channel, expectedPulses, 0, -1, -1, 0, 0, 0, 0, true);
    }

    /** Every expected pulse present once, in order, and nothing else. */
    @JsonProperty("complete")
    public boolean complete() {
        return presentPulses > 0 && (expectedPulses < 0 || presentPulses == expectedPulses) && duplicatePulseIds == 0
                && nonMonotonicPulseIds == 0 && pulsesOutsideRange == 0;
    }

    /**
     * The counts by their snake_case names, in declaration order: the HDF5 attributes of {@code /data/<channel>}
     * (and the JSON fields).
     */
    public java.util.Map<String, Long> counts() {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        counts.put("expected_pulses", expectedPulses);
        counts.put("present_pulses", presentPulses);
        counts.put("first_pulse_id", firstPulseId);
        counts.put("last_pulse_id", lastPulseId);
        counts.put("pulse_id_step", pulseIdStep);
        counts.put("duplicate_pulse_ids", duplicatePulseIds);
        counts.put("non_monotonic_pulse_ids", nonMonotonicPulseIds);
        counts.put("pulses_outside_range", pulsesOutsideRange);
        return counts;
    }

    /** The report back from its counts, e.g. as read from a file's attributes (the inverse of {@link #counts()}). */
    public static ChannelReport of(String channel, java.util.function.ToLongFunction<String> count) {
        return new ChannelReport(channel, count.applyAsLong("expected_pulses"), count.applyAsLong("present_pulses"),
                count.applyAsLong("first_pulse_id"), count.applyAsLong("last_pulse_id"),
                count.applyAsLong("pulse_id_step"), count.applyAsLong("duplicate_pulse_ids"),
                count.applyAsLong("non_monotonic_pulse_ids"), count.applyAsLong("pulses_outside_range"));
    }

    /** {@link #describe()} after a fixed-width verdict, for listings ({@code sfdw write}, {@code sfdw inspect}). */
    public String verdictLine() {
        return (complete() ? "complete   " : "INCOMPLETE ") + describe();
    }

    /** One line for logs and error messages. */
    public String describe() {
        if (absent) {
            return channel + ": absent from the data api's answer" + (expectedPulses >= 0 ? " (0 of " + expectedPulses
                    + " pulses)" : "");
        }
        if (presentPulses == 0 && firstPulseId < 0) {
            return channel + ": no data";
        }
        StringBuilder text = new StringBuilder(channel).append(": ").append(presentPulses);
        if (expectedPulses >= 0) {
            text.append(" of ").append(expectedPulses);
        }
        text.append(" pulses (").append(firstPulseId).append("..").append(lastPulseId);
        if (pulseIdStep > 1) {
            text.append(" step ").append(pulseIdStep);
        }
        text.append(')');
        if (duplicatePulseIds > 0) {
            text.append(", ").append(duplicatePulseIds).append(" duplicates");
        }
        if (nonMonotonicPulseIds > 0) {
            text.append(", ").append(nonMonotonicPulseIds).append(" out of order");
        }
        if (pulsesOutsideRange > 0) {
            text.append(", ").append(pulsesOutsideRange).append(" outside the range");
        }
        return text.toString();
    }
}
