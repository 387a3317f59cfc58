package org.sfdw.bench.micro;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sfdw.bench.RenderedAnswer;
import org.sfdw.workers.dataapi.ChannelSchema;
import org.sfdw.workers.dataapi.ResponseConsumer;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.dataapi.ResponseParser;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/**
 * The writer's JSON parser on a scalar-heavy answer (float64 scalar channels, the beamlines' usual acquisition),
 * its events handed to a sink that only sums them, next to Jackson tokenising the same bytes: the parser's cost
 * per event beyond reading the tokens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScalarAnswerParsing {

    @Param({"100"})
    int channels;

    @Param({"1000"})
    int pulses;

    private final ObjectMapper mapper = new ObjectMapper();
    private byte[] answer;
    private ResponseParser parser;

    @Setup
    public void build() throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new RenderedAnswer(channels, 1, pulses).writeJson(json);
        answer = json.toByteArray();
        parser = ResponseFormat.JSON.parser(mapper, ZoneId.of("Europe/Zurich"));
    }

    @Benchmark
    public double parse() throws IOException {
        Sum sum = new Sum();
        parser.parse(new ByteArrayInputStream(answer), sum, () -> {
            throw new IOException("an answer whose configs come first needs no scratch file");
        });
        return sum.total;
    }

    @Benchmark
    public long tokenise() throws IOException {
        long tokens = 0;
        try (JsonParser json = mapper.getFactory().createParser(answer)) {
            while (json.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    /** Keeps the values alive (so the JIT cannot drop them) and nothing else. */
    static final class Sum implements ResponseConsumer, ResponseConsumer.EventSink {
        double total;

        @Override
        public EventSink channel(ChannelSchema schema) {
            return this;
        }

        @Override
        public void channelWithoutConfig(String name) {
        }

        @Override
        public void putLong(int index, long value) {
            total += value;
        }

        @Override
        public void putDouble(int index, double value) {
            total += value;
        }

        @Override
        public void putText(int index, String value) {
            total += value.length();
        }

        @Override
        public void putRaw(ByteBuffer value) {
            total += value.remaining();
        }

        @Override
        public void endEvent(long pulseId, String globalDate) {
            total += pulseId;
        }

        @Override
        public void endChannel() {
        }
    }
}
