package org.sfdw.bench.micro;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.NumberInput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sfdw.bench.RenderedAnswer;
import org.sfdw.workers.dataapi.DataApiResponseParser;
import org.sfdw.workers.dataapi.ResponseParser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The numbers of waveform and image answers three ways, on the same bytes: Jackson's tokens only, Jackson's tokens
 * with their values (the fast double parser on, as the writer has it), and a scan of the bytes that finds each number
 * and converts it in place (integers digit by digit, decimals with Jackson's public fast double parser): what a JSON
 * reader of the writer's own could reach, next to what Jackson costs; and the writer's own JSON parser
 * ({@code DataApiResponseParser}, its runs of plain numbers) into a sink that sums. Every way sums the same values
 * (checked once in setup), so none of them is faster by being wrong.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NumberArrayParsing {

    /** A case of {@code sfdw bench writer}: five float32 waveforms, or a camera's uint16 images. */
    @Param({"5x1024x100", "1x640_480x10:uint16"})
    String answer;

    private final JsonFactory factory = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private final ResponseParser writer = new DataApiResponseParser();
    private byte[] bytes;

    @Setup
    public void render() throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        RenderedAnswer.parse(answer).writeJson(json);
        bytes = json.toByteArray();
        double jackson = jacksonValues();
        double scanned = byteScan();
        if (jackson != scanned) {
            throw new IllegalStateException("the byte scan sums " + scanned + ", Jackson " + jackson);
        }
        double events = eventSum();
        double writer = writerParser();
        if (writer != events) {
            throw new IllegalStateException("the writer's parser sums " + writer + ", Jackson " + events);
        }
    }

    @Benchmark
    public long jacksonTokens() throws IOException {
        long tokens = 0;
        try (JsonParser json = factory.createParser(bytes)) {
            while (json.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    @Benchmark
    public double jacksonValues() throws IOException {
        double sum = 0;
        try (JsonParser json = factory.createParser(bytes)) {
            JsonToken token;
            while ((token = json.nextToken()) != null) {
                if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                    sum += json.getDoubleValue();
                } else if (token == JsonToken.VALUE_NUMBER_INT) {
                    sum += json.getLongValue();
                }
            }
        }
        return sum;
    }

    /**
     * What the writer's parser hands its consumer, summed by Jackson in the consumer's order: an event's values, then
     * its pulse id.
     */
    private double eventSum() throws IOException {
        double sum = 0;
        try (JsonParser json = factory.createParser(bytes)) {
            JsonToken token;
            String field = null;
            int depthInValue = 0;
            long pulseId = 0;
            boolean inEvent = false;
            while ((token = json.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME && depthInValue == 0) {
                    field = json.currentName();
                } else if ("value".equals(field) && (token == JsonToken.START_ARRAY || token == JsonToken.END_ARRAY)) {
                    depthInValue += token == JsonToken.START_ARRAY ? 1 : -1;
                } else if ("value".equals(field) && token.isNumeric()) {
                    sum += token == JsonToken.VALUE_NUMBER_FLOAT ? json.getDoubleValue() : json.getLongValue();
                } else if ("pulseId".equals(field) && token.isNumeric()) {
                    pulseId = json.getLongValue();
                    inEvent = true;
                } else if (token == JsonToken.END_OBJECT && inEvent && depthInValue == 0) {
                    sum += pulseId;
                    inEvent = false;
                }
            }
        }
        return sum;
    }

    @Benchmark
    public double writerParser() throws IOException {
        ScalarAnswerParsing.Sum sum = new ScalarAnswerParsing.Sum();
        writer.parse(new java.io.ByteArrayInputStream(bytes), sum, () -> {
            throw new IOException("an answer whose configs come first needs no scratch file");
        });
        return sum.total;
    }

    @Benchmark
    public double byteScan() {
        double sum = 0;
        char[] digits = new char[64];
        int n = bytes.length;
        int i = 0;
        while (i < n) {
            byte c = bytes[i];
            if (c == '"') {
                i++;
                while (bytes[i] != '"') {
                    i += bytes[i] == '\\' ? 2 : 1;
                }
                i++;
            } else if (c >= '0' && c <= '9' || c == '-') {
                int start = i;
                boolean decimal = false;
                long integer = 0;
                while (i < n) {
                    c = bytes[i];
                    if (c >= '0' && c <= '9') {
                        integer = integer * 10 + (c - '0');
                    } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' && i > start) {
                        decimal = true;
                    } else if (c != '-') {
                        break;
                    }
                    i++;
                }
                if (decimal) {
                    int length = i - start;
                    for (int k = 0; k < length; k++) {
                        digits[k] = (char) bytes[start + k];
                    }
                    sum += NumberInput.parseDouble(digits, 0, length, true);
                } else {
                    sum += bytes[start] == '-' ? -integer : integer;
                }
            } else {
                i++;
            }
        }
        return sum;
    }
}
