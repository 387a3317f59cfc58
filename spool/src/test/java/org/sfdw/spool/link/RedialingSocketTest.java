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
        ZMQ.Socket push = zmq.createSocket(SocketType.PUSH);
        push.setLinger(0);
        assertThat(push.bind(address)).isTrue();
        return push;
    }

    @Test
    void anUnconnectedSocketIsMadeAnewAndTheFreshOneConnectsOnceThePeerIsThere() {
        long start = System.currentTimeMillis();
        try (RedialingSocket link = new RedialingSocket(zmq, SocketType.PULL, address,
                s -> s.setReceiveTimeOut(100), 200, start)) {
            ZMQ.Socket first = link.socket();
            assertThat(link.check(start + 100)).isFalse();
            assertThat(link.socket()).as("not yet: 100 ms unconnected").isSameAs(first);
            assertThat(link.check(start + 250)).isFalse();
            assertThat(link.socket()).as("dialled again after 200 ms").isNotSameAs(first);

            boundPush();
            // From here the clock is real (shifted as above): a fresh socket gets its 200 ms to connect.
            long shift = start + 250 - System.currentTimeMillis();
            Poll.until(Duration.ofSeconds(10), "the link to come up",
                    () -> link.check(System.currentTimeMillis() + shift));
            assertThat(link.connected()).isTrue();
            ZMQ.Socket connected = link.socket();
            assertThat(link.check(System.currentTimeMillis() + shift + 10_000)).as("a connected socket is kept")
                    .isFalse();
            assertThat(link.socket()).isSameAs(connected);
            // That messages pass on the socket it hands out: the outcome test below and the several-hosts test.
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

    /** The broker's end; a port closed a moment ago is freed in the background, so binding is tried again. */
    private ZMQ.Socket pull() {
        return Poll.value(Duration.ofSeconds(10), "binding " + address, () -> {
            ZMQ.Socket pull = zmq.createSocket(SocketType.PULL);
            pull.setReceiveTimeOut(100);
            pull.setLinger(0);
            try {
                pull.bind(address);
                return java.util.Optional.of(pull);
            } catch (org.zeromq.ZMQException e) {
                zmq.destroySocket(pull);
                return java.util.Optional.empty();
            }
        });
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
