package org.sfdw.workers.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.sfdw.spool.query.PulseRange;
import org.sfdw.workers.dataapi.ChannelSchema;
import org.sfdw.workers.dataapi.ChannelType;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a rehearsal answer into files in memory a few times before a writer takes its first request, so that the
 * first request runs on compiled code: a fresh JVM wrote its first scalar-heavy file at less than half its later
 * speed (the parser, the row blocks and the string path were still interpreted). Nothing goes to disk.
 */
public final class WarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    /** The usual acquisition in small: float64 and int64 scalars and a float32 waveform. */
    static final SyntheticAnswer ANSWER = new SyntheticAnswer(channels(), 2_000);

    private final DataFileWriter writer;
    private final ResponseFormat format;
    private final ObjectMapper mapper;
    private final int rounds;

    public WarmUp(DataFileWriter writer, ResponseFormat format, ObjectMapper mapper, int rounds) {
        this.writer = writer;
        this.format = format;
        this.mapper = mapper;
        this.rounds = rounds;
    }

    private static List<ChannelSchema> channels() {
        List<ChannelSchema> channels = new ArrayList<>();
        for (int ch = 0; ch < 20; ch++) {
            channels.add(new ChannelSchema("SFDW:WARM-UP:" + ch, ChannelType.FLOAT64, List.of(1)));
        }
        channels.add(new ChannelSchema("SFDW:WARM-UP:20", ChannelType.INT64, List.of(1)));
        channels.add(new ChannelSchema("SFDW:WARM-UP:21", ChannelType.INT64, List.of(1)));
        channels.add(new ChannelSchema("SFDW:WARM-UP:22", ChannelType.FLOAT32, List.of(64)));
        return channels;
    }

    /** @return how long it took */
    public Duration run() throws IOException {
        if (rounds == 0) {
            LOG.info("No warm-up (warmUpRounds: 0): the first request runs on code still being compiled");
            return Duration.ZERO;
        }
        long started = System.nanoTime();
        byte[] answer = ANSWER.render(format, mapper);
        Optional<PulseRange> range = Optional.of(new PulseRange(SyntheticAnswer.FIRST_PULSE,
                SyntheticAnswer.FIRST_PULSE + ANSWER.pulses() - 1));
        for (int round = 0; round < rounds; round++) {
            writer.rehearse(new ByteArrayInputStream(answer), range);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("Warmed up the {} path: {} rehearsals of a {} KB answer into memory in {} ms", format.queryName(),
                rounds, answer.length / 1000, took.toMillis());
        return took;
    }
}
