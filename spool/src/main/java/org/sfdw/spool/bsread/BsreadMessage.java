package org.sfdw.spool.bsread;

import java.util.List;
import java.util.Map;

/**
 * A decoded bsread message: main-header fields and, per channel name, its value. A channel that came with an
 * empty value frame ("no value", bsread.md §5.4) is absent from {@code values}.
 * Scalars decode to {@link String}, {@link Boolean}, {@link Long} or {@link Double}; anything else stays raw bytes.
 */
public record BsreadMessage(long pulseId, String hash, List<BsreadChannel> channels, Map<String, Object> values) {

    public BsreadMessage {
        channels = List.copyOf(channels);
        values = Map.copyOf(values);
    }
}
