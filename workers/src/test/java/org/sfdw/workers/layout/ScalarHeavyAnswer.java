package org.sfdw.workers.layout;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A data-api JSON answer shaped like a beamline's usual acquisition, mostly scalar channels, with each of the cases
 * the layout treats apart: pulses missing, a duplicate and a pulse out of order, text outside ASCII and outside the
 * BMP, bools, a small waveform, a channel that starts late, one whose data comes before its configuration. The same
 * bytes every time: files written from it are compared with each other and with a recorded dump.
 */
public final class ScalarHeavyAnswer {

    static final long FIRST_PULSE = 1_000;
    static final int PULSES = 1_000;

    private final StringBuilder json = new StringBuilder();

    private ScalarHeavyAnswer() {
    }

    public static byte[] json() {
        ScalarHeavyAnswer answer = new ScalarHeavyAnswer();
        answer.render();
        return answer.json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void render() {
        json.append('[');
        for (int ch = 0; ch < 8; ch++) {
            int channel = ch;
            channel("S:F64:" + ch, "float64", "[1]", false, p -> true,
                    p -> String.format(Locale.ROOT, "%.10g", Math.sin(p * 0.01 + channel) * 1234.5678));
            json.append(',');
        }
        channel("S:F64:GAPS", "float64", "[1]", false, p -> p % 7 != 0, p -> Double.toString(p * 0.25));
        json.append(',');
        channel("S:BOOL", "bool", "[1]", false, p -> true, p -> p % 3 == 0 ? "true" : "false");
        json.append(',');
        channel("S:STR", "string", "[1]", false, p -> p % 2 == 0,
                p -> p % 10 == 0 ? "\"caf\u00e9 " + p + "\"" : p % 10 == 2 ? "\"\ud83d\ude00 " + p + "\"" : "\"ok\"");
        json.append(',');
        channel("S:F32:W16", "float32", "[16]", false, p -> true, p -> {
            StringBuilder wave = new StringBuilder("[");
            for (int e = 0; e < 16; e++) {
                wave.append(e == 0 ? "" : ",").append((float) Math.cos(p * 0.1 + e));
            }
            return wave.append(']').toString();
        });
        json.append(',');
        channel("S:U16:LATE", "uint16", "[1]", false, p -> p >= FIRST_PULSE + PULSES / 2,
                p -> Long.toString(p % 65536));
        json.append(',');
        channel("S:I64:DATAFIRST", "int64", "[1]", true, p -> true, p -> Long.toString(-p * 1_000_003L));
        json.append(',');
        duplicatesAndDisorder();
        json.append(']');
    }

    private interface Present {
        boolean at(long pulse);
    }

    private interface Value {
        String at(long pulse);
    }

    private void channel(String name, String type, String shape, boolean dataFirst, Present present, Value value) {
        json.append("{\"channel\":{\"name\":\"").append(name).append("\",\"backend\":\"sf-databuffer\"},");
        if (dataFirst) {
            data(present, value);
            json.append(',');
            configs(type, shape);
        } else {
            configs(type, shape);
            json.append(',');
            data(present, value);
        }
        json.append('}');
    }

    private void configs(String type, String shape) {
        json.append("\"configs\":[{\"type\":\"").append(type).append("\",\"shape\":").append(shape).append("}]");
    }

    private void data(Present present, Value value) {
        json.append("\"data\":[");
        boolean first = true;
        for (long p = FIRST_PULSE; p < FIRST_PULSE + PULSES; p++) {
            if (present.at(p)) {
                json.append(first ? "" : ",");
                event(p, value.at(p));
                first = false;
            }
        }
        json.append(']');
    }

    private void event(long pulse, String value) {
        json.append("{\"pulseId\":").append(pulse).append(",\"globalDate\":\"2018-06-08T14:")
                .append(String.format(Locale.ROOT, "%02d:%02d.%09d", pulse / 6000 % 60, pulse / 100 % 60,
                        pulse % 100 * 10_000_000 + 1143344))
                .append("+02:00\",\"value\":").append(value).append('}');
    }

    /** Pulses in order but for one swapped pair, and one pulse sent twice (the original kept the last). */
    private void duplicatesAndDisorder() {
        json.append("{\"channel\":{\"name\":\"S:I32:DISORDER\",\"backend\":\"sf-databuffer\"},");
        configs("int32", "[1]");
        json.append(",\"data\":[");
        for (long p = FIRST_PULSE; p < FIRST_PULSE + PULSES; p++) {
            long pulse = p == FIRST_PULSE + 300 ? p + 1 : p == FIRST_PULSE + 301 ? p - 1 : p;
            json.append(p == FIRST_PULSE ? "" : ",");
            event(pulse, Long.toString(pulse * 3));
            if (p == FIRST_PULSE + 600) {
                json.append(',');
                event(pulse, "-1");
            }
        }
        json.append("]}");
    }
}
