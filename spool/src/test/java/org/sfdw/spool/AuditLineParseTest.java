package org.sfdw.spool;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditLineParseTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aFormattedLineParsesBackToTheSameRequest() {
        WriteRequest request = new WriteRequest(4, 1528459491.5, "{\"range\": {\"startPulseId\": 1}}",
                "{\"output_file\": \"/d/r\\u00fc.h5\"}");
        String line = AuditLine.format(request, LocalDateTime.of(2026, 1, 2, 3, 4, 5));

        WriteRequest parsed = AuditLine.parse(line + "\n", mapper);

        assertThat(parsed.hasId()).isFalse();
        assertThat(parsed.sameContentAs(request)).isTrue();
    }

    @Test
    void theBareJsonObjectIsAcceptedAndANullTimestampIsLeftOpen() {
        WriteRequest parsed = AuditLine.parse("{\"data_api_request\": \"{}\", \"parameters\": \"{}\", \"timestamp\": null}",
                mapper);
        assertThat(parsed.timestamp()).isNaN();
    }

    @Test
    void brokenLinesSayWhatIsWrong() {
        assertThatThrownBy(() -> AuditLine.parse("[2026] {}", mapper)).hasMessageContaining("time stamp");
        assertThatThrownBy(() -> AuditLine.parse("{\"data_api_request\": {}, \"parameters\": \"{}\"}", mapper))
                .hasMessageContaining("data_api_request must be a string");
        assertThatThrownBy(() -> AuditLine.parse("{\"data_api_request\": \"{}\", \"parameters\": \"{}\", "
                + "\"timestamp\": \"x\"}", mapper)).hasMessageContaining("timestamp must be a number");
        assertThatThrownBy(() -> AuditLine.parse("nonsense", mapper)).hasMessageContaining("does not parse");
    }
}
