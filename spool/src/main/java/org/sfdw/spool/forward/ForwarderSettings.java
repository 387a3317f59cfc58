package org.sfdw.spool.forward;

import java.time.Duration;

/**
 * @param bindAddress    ZMQ address the PUSH socket binds, e.g. {@code tcp://127.0.0.1:12500}
 * @param sendRequestIds add the {@code request_id} channel (off = frames exactly as the original broker's)
 * @param sendTimeout    how long one send waits for a writer before the request is offered again
 * @param highWaterMark  messages ZMQ may queue for writers
 */
public record ForwarderSettings(String bindAddress, boolean sendRequestIds, Duration sendTimeout, int highWaterMark) {
}
