package org.sfdw.spool.link;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sfdw.spool.outcome.Outcome;
import org.sfdw.spool.outcome.OutcomeCodec;
import org.sfdw.spool.outcome.OutcomeSender;
import org.sfdw.spool.testing.FreePort;
import org.sfdw.spool.testing.Poll;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedialingSocketTest {

    private final ZContext zmq = new ZContext();
    private final String address = "tcp://127.0.0.1:" + FreePort.pick();

    @AfterEach
    void close() {
        zmq.close();
    }

    private ZMQ.Socket boundPush() {
        return bound(SocketType.PUSH);
    }

    /** The peer's end; a port closed a moment ago is freed in the background, so binding is tried again. */
    private ZMQ.Socket bound(SocketType type) {
        return Poll.value(Duration.ofSeconds(10), "binding " + address, () -> {
            ZMQ.Socket socket = zmq.createSocket(type);
            socket.setReceiveTimeOut(100);
            socket.setLinger(0);
            try {
                socket.bind(address);
                return java.util.Optional.of(socket);
            } catch (org.zeromq.ZMQException e) {
                zmq.destroySocket(socket);
                return java.util.Optional.empty();
            }
        });
    }

    @Test
    void aSocketWhoseLinkWentAwayIsMadeAnewAndTheFreshOneConnectsOnceThePeerIsBack() {
        long start = System.currentTimeMillis();
        try (RedialingSocket link = new RedialingSocket(zmq, SocketType.PULL, address,
                s -> s.setReceiveTimeOut(100), 200, start)) {
            ZMQ.Socket first = link.socket();
            assertThat(link.check(start + 10_000)).isFalse();
            assertThat(link.socket()).as("never connected: ZMQ's own redial looks for a starting peer").isSameAs(first);

            ZMQ.Socket push = boundPush();
            Poll.until(Duration.ofSeconds(10), "the link to come up", () -> link.check(System.currentTimeMillis()));
            assertThat(link.connected()).isTrue();
            assertThat(link.check(System.currentTimeMillis() + 10_000)).as("a connected socket is kept").isFalse();
            assertThat(link.socket()).isSameAs(first);

            zmq.destroySocket(push);            // the peer goes away
            Poll.until(Duration.ofSeconds(10), "the loss to be seen", () -> {
                link.check(System.currentTimeMillis());
                return !link.connected();
            });
            long lost = System.currentTimeMillis();
            link.check(lost + 250);
            assertThat(link.socket()).as("dialled again 200 ms after the loss").isNotSameAs(first);
            ZMQ.Socket fresh = link.socket();

            boundPush();                        // the peer is back
            long shift = lost + 250 - System.currentTimeMillis();
            Poll.until(Duration.ofSeconds(10), "the link to come up again",
                    () -> link.check(System.currentTimeMillis() + shift));
            assertThat(link.connected()).isTrue();
            assertThat(link.socket()).isNotSameAs(first);
            assertThat(fresh).isNotNull();
        }
    }

    @Test
    void finalOutcomesAreSentAgainWhenTheLinkComesBackAfterALoss() {
        OutcomeCodec codec = new OutcomeCodec(new ObjectMapper());
        try (OutcomeSender sender = new OutcomeSender(zmq, address, codec)) {
            List<Outcome> heard = new ArrayList<>();
            ZMQ.Socket broker = pull();
            sender.send(Outcome.of(5, Outcome.Kind.WRITTEN, "w", System.currentTimeMillis()));
            sender.send(Outcome.of(6, Outcome.Kind.HEARTBEAT, "w", System.currentTimeMillis()));
            Poll.until(Duration.ofSeconds(10), "both outcomes", () -> receive(broker, codec, heard) && heard.size() == 2);

            zmq.destroySocket(broker);              // the broker restarts: what was in flight is gone
            ZMQ.Socket again = pull();
            heard.clear();
            Poll.until(Duration.ofSeconds(20), "the final outcome again", () -> receive(again, codec, heard)
                    && !heard.isEmpty());
            assertThat(heard).extracting(Outcome::requestId, Outcome::kind)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(5L, Outcome.Kind.WRITTEN));
        }
    }

    private ZMQ.Socket pull() {
        return bound(SocketType.PULL);
    }

    private static boolean receive(ZMQ.Socket pull, OutcomeCodec codec, List<Outcome> into) {
        byte[] frame = pull.recv();
        while (frame != null) {
            into.add(codec.decode(frame));
            frame = pull.recv(ZMQ.DONTWAIT);
        }
        return true;
    }
}
