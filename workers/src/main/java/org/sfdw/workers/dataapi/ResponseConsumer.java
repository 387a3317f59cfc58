package org.sfdw.workers.dataapi;

import java.io.IOException;

/** Receives a data-api response channel by channel and event by event, as the parser reads it. */
public interface ResponseConsumer {

    /** A channel whose configuration is known; its events follow through the returned sink. */
    EventSink channel(ChannelSchema schema) throws IOException;

    /** A channel the data api answered without configuration (unknown to the buffer): it gets no datasets. */
    void channelWithoutConfig(String name);

    /** One channel's events: the values of an event first, then {@link #endEvent}. */
    interface EventSink {

        /** Element {@code index} of the current event's value; indexes past the shape are counted, not stored. */
        void putLong(int index, long value);

        void putDouble(int index, double value);

        void putText(int index, String value);

        /** Elements {@code index} to {@code index + count - 1} of the current event, as {@link #putLong} each. */
        default void putLongs(int index, long[] values, int count) {
            for (int i = 0; i < count; i++) {
                putLong(index + i, values[i]);
            }
        }

        /** Elements {@code index} to {@code index + count - 1} of the current event, as {@link #putDouble} each. */
        default void putDoubles(int index, double[] values, int count) {
            for (int i = 0; i < count; i++) {
                putDouble(index + i, values[i]);
            }
        }

        /**
         * The current event's whole value as binary (rawevent): its elements, in the channel's type, between the
         * buffer's position and limit, in the buffer's byte order.
         */
        void putRaw(java.nio.ByteBuffer value);

        /** The current event is complete: all its values have been put. {@code globalDate} is null when absent. */
        void endEvent(long pulseId, String globalDate) throws IOException;

        void endChannel() throws IOException;
    }
}
