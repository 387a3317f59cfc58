package org.sfdw.ops.sim.core;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A channel of the simulated data buffer.
 *
 * @param type        a data-api type name (data-api.md §9)
 * @param shape       bsread order, fastest dimension first: [1] scalar, [N] waveform, [W, H] image
 * @param rateDivisor the channel has data for pulses divisible by this (1 = every pulse, 4 = 25 Hz at 100 Hz)
 */
public record SimulatedChannel(@JsonProperty("name") String name,
                               @JsonProperty("type") String type,
                               @JsonProperty("shape") List<Integer> shape,
                               @JsonProperty("rateDivisor") int rateDivisor) {

    public SimulatedChannel {
        shape = shape == null || shape.isEmpty() ? List.of(1) : List.copyOf(shape);
        rateDivisor = Math.max(1, rateDivisor);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a simulated channel needs a name");
        }
        if (type == null) {
            throw new IllegalArgumentException("simulated channel " + name + " needs a type");
        }
    }

    public int elementsPerEvent() {
        return shape.stream().mapToInt(Integer::intValue).reduce(1, Math::multiplyExact);
    }

    public boolean hasPulse(long pulseId) {
        return pulseId % rateDivisor == 0;
    }
}
