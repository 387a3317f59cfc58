package org.sfdw.ops.sim.core;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A channel of the simulated data buffer.
 *
 * @param type        a data-api type name (data-api.md §9)
 * @param shape       bsread order, fastest dimension first: [1] scalar, [N] waveform, [W, H] image
 * @param rateDivisor    the channel has data for pulses divisible by this (1 = every pulse, 4 = 25 Hz at 100 Hz)
 * @param gapProbability the share of its pulses the channel lacks (0 to 1), chosen by a hash of name and pulse id
 *                       so that every query sees the same gaps
 */
public record SimulatedChannel(@JsonProperty("name") String name,
                               @JsonProperty("type") String type,
                               @JsonProperty("shape") List<Integer> shape,
                               @JsonProperty("rateDivisor") int rateDivisor,
                               @JsonProperty("gapProbability") double gapProbability) {

    public SimulatedChannel(String name, String type, List<Integer> shape, int rateDivisor) {
        this(name, type, shape, rateDivisor, 0);
    }

    public SimulatedChannel {
        shape = shape == null || shape.isEmpty() ? List.of(1) : List.copyOf(shape);
        rateDivisor = Math.max(1, rateDivisor);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a simulated channel needs a name");
        }
        if (type == null) {
            throw new IllegalArgumentException("simulated channel " + name + " needs a type");
        }
        if (!(gapProbability >= 0 && gapProbability <= 1)) {
            throw new IllegalArgumentException("simulated channel " + name + ": gapProbability must be 0..1");
        }
    }

    public int elementsPerEvent() {
        return shape.stream().mapToInt(Integer::intValue).reduce(1, Math::multiplyExact);
    }

    public boolean hasPulse(long pulseId) {
        return pulseId % rateDivisor == 0 && (gapProbability == 0 || unitHash(pulseId) >= gapProbability);
    }

    /** A value in [0, 1) fixed by name and pulse id (SplitMix64's finaliser over both). */
    private double unitHash(long pulseId) {
        long z = pulseId * 0x9E3779B97F4A7C15L + name.hashCode();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
