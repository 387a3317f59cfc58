package org.sfdw.workers.dataapi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A made-up data-api JSON answer that uses what JSON allows and the data api might send: white space anywhere,
 * members in any order and unknown ones with nested values, escapes and UTF-8 in names and strings, every spelling
 * of a number (exponents, -0, 19 and more digits, beyond the long range, beyond the double range, the non-numeric
 * ones, quoted), bools, nested lists, channels without configuration and data before configuration. Some events
 * have the wrong number of values. The same seed gives the same bytes.
 */
final class RandomJsonAnswer {

    private static final String[] TYPES = {"float64", "float32", "int64", "uint16", "int8", "uint64", "bool",
            "string"};
    private static final String[] SHAPES = {"[1]", "[3]", "[2,2]", "[]"};
    private static final String[] HARD_DECIMALS = {"0.1", "-0.0", "0e0", "1E+2", "1e-7", "4.9e-324", "1e-400",
            "1e400", "-1e400", "2.2250738585072011e-308", "9007199254740993.0", "0.30000000000000004",
            "123456789012345678901234567890.5", "0.000000000000000000000000000123", "1.7976931348623157e308",
            "3.4028235e38", "1.00000000000000000000000001", "7.038531e-26", "9.999999999999999e22", "1e23",
            "8.41e21", "1.5e-22", "123456789.123456789e-5"};
    private static final String[] HARD_INTEGERS = {"0", "-0", "9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "18446744073709551615", "-9223372036854775809", "100000000000000000000000000000",
            "999999999999999999", "1000000000000000000", "16777217", "9007199254740993"};
    private static final String[] NON_NUMERIC = {"NaN", "Infinity", "-Infinity", "+Infinity", "+INF", "-INF"};

    private final SplittableRandom random;
    private final StringBuilder json = new StringBuilder();

    private RandomJsonAnswer(long seed) {
        this.random = new SplittableRandom(seed);
    }

    static byte[] render(long seed) {
        RandomJsonAnswer answer = new RandomJsonAnswer(seed);
        answer.answer();
        return answer.json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void space() {
        switch (random.nextInt(8)) {
            case 0 -> json.append(' ');
            case 1 -> json.append("\n  ");
            case 2 -> json.append("\t");
            case 3 -> json.append("\r\n");
            default -> {
            }
        }
    }

    private void answer() {
        json.append('[');
        int channels = 1 + random.nextInt(5);
        for (int c = 0; c < channels; c++) {
            space();
            if (c > 0) {
                json.append(',');
                space();
            }
            channel(c);
            space();
        }
        json.append(']');
    }

    private void channel(int index) {
        String type = TYPES[random.nextInt(TYPES.length)];
        String shape = SHAPES[random.nextInt(SHAPES.length)];
        int elements = shape.equals("[]") ? 1 : shape.chars().filter(Character::isDigit)
                .map(d -> d - '0').reduce(1, (a, b) -> a * b);
        List<Runnable> members = new ArrayList<>();
        members.add(() -> {
            member("channel");
            String name = name(index);
            if (random.nextBoolean()) {
                string(name);
            } else {
                json.append("{\"name\":");
                string(name);
                json.append(", \"backend\": \"sf-databuffer\"}");
            }
        });
        int configs = random.nextInt(10);
        if (configs > 0) {
            members.add(() -> {
                member("configs");
                if (configs == 1) {
                    json.append("[]");
                } else {
                    json.append("[{\"type\": \"").append(type).append("\", \"shape\": ").append(shape)
                            .append(", \"source\": {\"x\": [1, 2.5, null, true]}}]");
                }
            });
        }
        members.add(() -> {
            member("data");
            data(type, elements);
        });
        if (random.nextInt(3) == 0) {
            members.add(() -> {
                member("unknown \\u00e9\u00e9");
                anyValue(3);
            });
        }
        object(members);
    }

    private String name(int index) {
        return switch (random.nextInt(4)) {
            case 0 -> "S10:CH" + index;
            case 1 -> "S10:\u00c9T\u00c9-" + index;
            case 2 -> "S10:\ud83d\ude00" + index;
            default -> "S10:quote\"back\\slash/" + index;
        };
    }

    private void member(String name) {
        if (random.nextInt(15) == 0) {
            // The same name, its first letter escaped: still the member it names.
            json.append("\"\\u00").append(Integer.toHexString(name.charAt(0))).append(name, 1, name.length())
                    .append('"');
        } else {
            json.append('"').append(name).append('"');
        }
        space();
        json.append(':');
        space();
    }

    private void object(List<Runnable> members) {
        java.util.Collections.shuffle(members, new java.util.Random(random.nextLong()));
        json.append('{');
        for (int i = 0; i < members.size(); i++) {
            space();
            if (i > 0) {
                json.append(',');
                space();
            }
            members.get(i).run();
            space();
        }
        json.append('}');
    }

    private void data(String type, int elements) {
        json.append('[');
        int events = random.nextInt(12);
        long pulse = 1000 + random.nextInt(100);
        for (int e = 0; e < events; e++) {
            space();
            if (e > 0) {
                json.append(',');
                space();
            }
            long id = pulse + e * (1 + random.nextInt(3));
            List<Runnable> members = new ArrayList<>();
            members.add(() -> {
                member("pulseId");
                switch (random.nextInt(10)) {
                    case 0 -> json.append("\"").append(id).append("\"");
                    case 1 -> json.append("\" ").append(id).append("\\t\"");
                    default -> json.append(id);
                }
            });
            if (random.nextInt(8) > 0) {
                members.add(() -> {
                    member("globalDate");
                    switch (random.nextInt(12)) {
                        case 0 -> json.append("null");
                        case 1 -> json.append(id);
                        case 2 -> string("2018-06-08T14:04:51.\u00e9" + id + "+02:00");
                        default -> string(String.format(Locale.ROOT, "2018-06-08T14:04:51.%09d+02:00", id));
                    }
                });
            }
            int count = random.nextInt(25) == 0 ? elements + random.nextInt(3) - 1 : elements;
            members.add(() -> {
                member("value");
                value(type, count, elements);
            });
            if (random.nextBoolean()) {
                members.add(() -> {
                    member("shape");
                    json.append("[").append(elements).append("]");
                });
            }
            if (random.nextInt(4) == 0) {
                members.add(() -> {
                    member("eventCount");
                    anyValue(2);
                });
            }
            object(members);
        }
        space();
        json.append(']');
    }

    private void value(String type, int count, int elements) {
        if (count == 1 && elements == 1 && random.nextInt(5) > 0) {
            scalar(type);
            return;
        }
        json.append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                json.append(',');
                space();
            }
            if (elements == 4 && i % 2 == 0 && random.nextBoolean()) {
                json.append('[');
                scalar(type);
                json.append(']');
            } else {
                scalar(type);
            }
        }
        json.append(']');
    }

    private void scalar(String type) {
        if (type.equals("string")) {
            string(switch (random.nextInt(4)) {
                case 0 -> "OK";
                case 1 -> "caf\u00e9 \ud83d\ude00 \u0001 tab\t";
                case 2 -> "";
                default -> "line\nbreak \\ \"quoted\" \u2028";
            });
            return;
        }
        if (type.equals("bool") && random.nextBoolean()) {
            json.append(random.nextBoolean() ? "true" : "false");
            return;
        }
        switch (random.nextInt(14)) {
            case 0 -> json.append(HARD_DECIMALS[random.nextInt(HARD_DECIMALS.length)]);
            case 1 -> json.append(HARD_INTEGERS[random.nextInt(HARD_INTEGERS.length)]);
            case 2 -> json.append(NON_NUMERIC[random.nextInt(NON_NUMERIC.length)]);
            case 3 -> json.append('"').append(random.nextBoolean() ? " NaN" : "1.5e3 ").append('"');
            case 4 -> json.append(Float.toString((float) (random.nextGaussian() * Math.pow(10,
                    random.nextInt(-40, 40)))));
            case 5 -> json.append(new BigDecimal(new BigInteger(random.nextInt(1, 80), new java.util.Random(
                    random.nextLong())), random.nextInt(-30, 30)).toString().toLowerCase(Locale.ROOT));
            case 6 -> json.append(random.nextLong() >> random.nextInt(64));
            case 7 -> json.append(String.format(Locale.ROOT, "%.17g", random.nextDouble() * 1e5));
            case 8 -> json.append(random.nextInt(100));
            default -> json.append(Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(-25, 25))));
        }
    }

    private void string(String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || random.nextInt(20) == 0) {
                json.append(String.format(Locale.ROOT, random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            } else if (c == '/' && random.nextBoolean()) {
                json.append("\\/");
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }

    private void anyValue(int depth) {
        int kind = depth == 0 ? random.nextInt(5) : random.nextInt(7);
        switch (kind) {
            case 0 -> scalar("float64");
            case 1 -> string("x\u00fc\ud83d\ude00");
            case 2 -> json.append("null");
            case 3 -> json.append("true");
            case 4 -> json.append("-12.5E-3");
            case 5 -> {
                json.append('[');
                int n = random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    json.append(i == 0 ? "" : ",");
                    space();
                    anyValue(depth - 1);
                }
                json.append(']');
            }
            default -> {
                List<Runnable> members = new ArrayList<>();
                int n = random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    int k = i;
                    members.add(() -> {
                        member("k" + k);
                        anyValue(depth - 1);
                    });
                }
                object(members);
            }
        }
    }
}
