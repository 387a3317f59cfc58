package org.sfdw.rawevent;

import java.nio.ByteOrder;
import java.util.List;

/**
 * One channel of a rawevent header message (data-api.md §6.2), with the format's defaults applied.
 *
 * @param type       lower-case type name as sent ({@code float64} when the header omits it)
 * @param shape      bsread order, fastest dimension first ({@code [1]} when omitted)
 * @param order      the byte order of its event slots: big-endian when {@code encoding} is "big", else little
 * @param compressed whether its values are bitshuffle-LZ4 blobs (the header has a {@code compression} field)
 */
public record RawEventChannel(String name, String backend, String type, List<Integer> shape, ByteOrder order,
                              boolean compressed) {

    public RawEventChannel {
        shape = List.copyOf(shape);
    }
}
