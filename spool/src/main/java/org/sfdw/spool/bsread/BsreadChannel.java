package org.sfdw.spool.bsread;

import java.util.List;

/**
 * One channel of a bsread data header (bsread.md §4), with the protocol's defaults applied.
 *
 * @param type        lower-case type name ({@code float64} when the header omits it)
 * @param shape       bsread order, fastest dimension first ({@code [1]} when omitted)
 * @param bigEndian   {@code true} when the header's encoding contains "big"
 * @param compression {@code none}, {@code bitshuffle_lz4} or {@code lz4}
 */
public record BsreadChannel(String name, String type, List<Integer> shape, boolean bigEndian, String compression) {

    public BsreadChannel {
        shape = List.copyOf(shape);
    }
}
