package org.sfdw.spool;

import org.sfdw.spool.json.PythonJson;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The original's audit-trail and {@code .err} line (bsread.md §7.5, §8):
 * {@code [%Y%m%d-%H%M%S] {"data_api_request": "<json text>", "parameters": "<json text>", "timestamp": <float>}},
 * the JSON written as Python's {@code json.dumps} writes it, so that the original's tools read our lines.
 */
public final class AuditLine {

    public static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private AuditLine() {
    }

    /** The line without a trailing newline (an {@code .err} file is exactly this). */
    public static String format(WriteRequest request, LocalDateTime when) {
        StringBuilder out = new StringBuilder(64 + request.dataApiRequest().length() + request.parameters().length());
        out.append('[').append(TIME_FORMAT.format(when)).append("] {\"data_api_request\": ");
        PythonJson.writeString(request.dataApiRequest(), out);
        out.append(", \"parameters\": ");
        PythonJson.writeString(request.parameters(), out);
        out.append(", \"timestamp\": ").append(PythonJson.pythonFloat(request.timestamp())).append('}');
        return out.toString();
    }
}
