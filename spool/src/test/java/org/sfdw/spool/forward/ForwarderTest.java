package org.sfdw.spool.forward;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.Durability;
import org.sfdw.spool.Spool;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.bsread.BsreadDecoder;
import org.sfdw.spool.bsread.WriteRequestFrames;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.Poll;
import org.sfdw.spool.testing.QueueDamage;
import org.sfdw.spool.testing.ZmqMessages;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ForwarderTest {

    @TempDir
    Path dir;

    private final ZContext context = new ZContext();

    @AfterEach
    void closeContext() {
        context.close();
    }

    private static WriteRequest request(int n) {
        return new WriteRequest(WriteRequest.NO_ID, n, "{\"q\": " + n + "}", "{\"output_file\": \"/f" + n + ".h5\"}");
    }

    private ZMQ.Socket writer(String address) {
        ZMQ.Socket pull = context.createSocket(SocketType.PULL);
        pull.setReceiveTimeOut(100);
        pull.connect(address);
        return pull;
    }

    private static Optional<WriteRequest> receive(ZMQ.Socket pull, BsreadDecoder decoder) {
        return ZmqMessages.receive(pull).map(frames -> WriteRequestFrames.decode(decoder.decode(frames)));
    }

    @Test
    void requestsWaitForAWriterAndArriveInOrderWithTheirIds() {
        String address = "tcp://127.0.0.1:" + FreePort.pick();
        try (Spool spool = Spool.open(dir, Durability.SYNC);
             Forwarder forwarder = new Forwarder(spool, context,
                     new ForwarderSettings(address, true, Duration.ofMillis(100), 100), DeliveryListener.NONE)) {
            forwarder.start();
            spool.appendAll(List.of(request(1), request(2)));
            Poll.until(Duration.ofSeconds(10), "the forwarder to notice there is no writer",
                    forwarder::isWaitingForWriter);
            assertThat(forwarder.forwardedCount()).isZero();

            ZMQ.Socket pull = writer(address);
            BsreadDecoder decoder = new BsreadDecoder(new ObjectMapper());
            WriteRequest first = Poll.value(Duration.ofSeconds(10), "request 1", () -> receive(pull, decoder));
            WriteRequest second = Poll.value(Duration.ofSeconds(10), "request 2", () -> receive(pull, decoder));

            assertThat(first).isEqualTo(request(1).withId(1));
            assertThat(second).isEqualTo(request(2).withId(2));
            Poll.until(Duration.ofSeconds(5), "both counted", () -> forwarder.forwardedCount() == 2);
            assertThat(forwarder.isWaitingForWriter()).isFalse();
        }
    }

    @Test
    void aRecordDamagedUnderTheForwarderStopsItThereLoudlyAndNothingAfterItIsSkipped() {
        String address = "tcp://127.0.0.1:" + FreePort.pick();
        try (Spool spool = Spool.open(dir, Durability.SYNC);
             Forwarder forwarder = new Forwarder(spool, context,
                     new ForwarderSettings(address, true, Duration.ofMillis(100), 100), DeliveryListener.NONE)) {
            spool.appendAll(List.of(request(1), request(2), request(3)));
            QueueDamage.overwrite(QueueDamage.documents(dir).get(1), 40, new byte[]{'#', '#', '#', '#'});
            forwarder.start();
            ZMQ.Socket pull = writer(address);
            BsreadDecoder decoder = new BsreadDecoder(new ObjectMapper());

            assertThat(Poll.value(Duration.ofSeconds(10), "request 1", () -> receive(pull, decoder)).id()).isEqualTo(1);
            Poll.until(Duration.ofSeconds(10), "the forwarder to report the damage", () -> forwarder.failingWith()
                    .map(e -> e.contains("is damaged") && e.contains("checksum mismatch")).orElse(false));
            assertThat(forwarder.isRunning()).as("it keeps trying, it does not die").isTrue();
            assertThat(forwarder.failure()).isEmpty();
            assertThat(receive(pull, decoder)).as("nothing after the damaged record is sent past it").isEmpty();
            assertThat(forwarder.lastForwardedId()).isEqualTo(1);
        }
    }

    @Test
    void aRestartedForwarderContinuesAfterTheLastRequestItSent() {
        String address = "tcp://127.0.0.1:" + FreePort.pick();
        ForwarderSettings settings = new ForwarderSettings(address, true, Duration.ofMillis(100), 100);
        BsreadDecoder decoder = new BsreadDecoder(new ObjectMapper());
        ZMQ.Socket pull = writer(address);
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            try (Forwarder forwarder = new Forwarder(spool, context, settings, DeliveryListener.NONE)) {
                forwarder.start();
                spool.append(request(1));
                assertThat(Poll.value(Duration.ofSeconds(10), "request 1", () -> receive(pull, decoder)).id())
                        .isEqualTo(1);
            }
            spool.append(request(2));
        }
        try (Spool spool = Spool.open(dir, Durability.SYNC);
             Forwarder forwarder = new Forwarder(spool, context, settings, DeliveryListener.NONE)) {
            forwarder.start();
            assertThat(Poll.value(Duration.ofSeconds(10), "request 2", () -> receive(pull, decoder)).id())
                    .isEqualTo(2);
            assertThat(forwarder.forwardedCount()).isEqualTo(1);
        }
    }
}
