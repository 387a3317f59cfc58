package org.sfdw.spool;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLineTest {

    @Test
    void formatsTheOriginalLineWithTheJsonTextsAsEscapedStrings() {
        WriteRequest request = new WriteRequest(3, 1528459491.5, "{\"range\": {\"startPulseId\": 1}}",
                "{\"output_file\": \"/d/r.h5\"}");

        String line = AuditLine.format(request, LocalDateTime.of(2018, 6, 8, 14, 4, 52));

        assertThat(line).isEqualTo("[20180608-140452] {\"data_api_request\": \"{\\\"range\\\": {\\\"startPulseId\\\": 1}}\", "
                + "\"parameters\": \"{\\\"output_file\\\": \\\"/d/r.h5\\\"}\", \"timestamp\": 1528459491.5}");
        assertThat(line.substring(18)).startsWith("{\"data_api_request\"");
    }
}
