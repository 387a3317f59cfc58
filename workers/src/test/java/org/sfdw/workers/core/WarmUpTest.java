package org.sfdw.workers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.spool.query.PulseRange;
import org.sfdw.spool.testing.H5py;
import org.sfdw.workers.dataapi.ResponseFormat;
import org.sfdw.workers.layout.DataPolicy;
import org.sfdw.workers.layout.FileLayout;
import org.sfdw.workers.layout.FileParameters;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The rehearsal a writer makes before its first request: a real answer in either format, written to memory only. */
class WarmUpTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    private Path writeForReal(ResponseFormat format) throws Exception {
        Path file = dir.resolve(format.queryName() + ".h5");
        new DataFileWriter(format.parser(mapper, ZoneId.of("Europe/Zurich"))).write(
                new FileParameters(file, Map.of(), FileLayout.EXTENDED, Optional.empty(), Optional.empty()),
                new DataPolicy(DataPolicy.NoData.ERROR, DataPolicy.IncompleteData.ERROR),
                Optional.of(new PulseRange(SyntheticAnswer.FIRST_PULSE,
                        SyntheticAnswer.FIRST_PULSE + WarmUp.ANSWER.pulses() - 1)),
                new ByteArrayInputStream(WarmUp.ANSWER.render(format, mapper)), "warm-up");
        return file;
    }

    @Test
    void theRehearsalAnswerIsTheSameAcquisitionInBothFormats() throws Exception {
        JsonNode json = H5py.dump(writeForReal(ResponseFormat.JSON));
        JsonNode rawEvent = H5py.dump(writeForReal(ResponseFormat.RAWEVENT));
        assertThat(rawEvent).isEqualTo(json);
        List<String> data = new ArrayList<>();
        json.get("datasets").fieldNames().forEachRemaining(name -> {
            if (name.endsWith("/data")) {
                data.add(name);
            }
        });
        assertThat(data).hasSize(23).contains("/data/SFDW:WARM-UP:0/data", "/data/SFDW:WARM-UP:22/data");
    }

    @Test
    void eachFormatRehearsesWithoutFailureAndZeroRoundsRehearseNothing() throws Exception {
        for (ResponseFormat format : ResponseFormat.values()) {
            WarmUp warmUp = new WarmUp(new DataFileWriter(format.parser(mapper, ZoneId.of("Europe/Zurich"))), format,
                    mapper, 2);
            assertThat(warmUp.run()).isPositive();
        }
        assertThat(new WarmUp(new DataFileWriter(ResponseFormat.JSON.parser(mapper, ZoneId.of("UTC"))),
                ResponseFormat.JSON, mapper, 0).run()).isZero();
    }
}
