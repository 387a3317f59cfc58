package org.sfdw.spool.json;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Serialises JSON exactly as Python's {@code json.dumps} does with its defaults: separators {@code ", "} and
 * {@code ": "}, non-ASCII escaped as lower-case {@code \\uXXXX}, floats in Python's {@code repr} form.
 *
 * <p>The original broker wrote its audit trail and bsread frames with {@code json.dumps}; producing the same
 * bytes keeps our audit trail, {@code .err} files and frames interchangeable with the original tools.
 */
public final class PythonJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final ObjectMapper mapper;

    public PythonJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Parses JSON text into an order-preserving tree (objects keep their key order). */
    public JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public String dumps(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    private void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.append('{');
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                boolean first = true;
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    writeString(field.getKey(), out);
                    out.append(": ");
                    write(field.getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    out.append(node.longValue());
                } else {
                    out.append(node.isIntegralNumber() ? node.bigIntegerValue().toString()
                            : pythonFloat(node.doubleValue()));
                }
            }
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL, MISSING -> out.append("null");
            default -> throw new IllegalArgumentException("cannot serialise JSON node of type " + node.getNodeType());
        }
    }

    /** Appends {@code s} as a Python-style JSON string literal. */
    public static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python's {@code repr(float)}: plain notation for exponents -4..15, otherwise {@code 1e-05}, {@code 1.5e+16}. */
    public static String pythonFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        // The shortest digits that read back as the same double, as Python's repr: Java 17's Double.toString is
        // not always shortest (2.2842986685365885E17 needs 17 digits there, repr prints 16), Schubfach is.
        BigDecimal shortest = new BigDecimal(DoubleToDecimal.toString(value)).stripTrailingZeros();
        if (shortest.precision() == 2) {
            // Java's rule prints at least two digits (4.9e-324) where one reads back as well (5e-324): Python's
            // repr takes the one digit nearest to the value when it does.
            BigDecimal one = new BigDecimal(value).round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
            if (Double.parseDouble(one.toString()) == value) {
                shortest = one.stripTrailingZeros();
            }
        }
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = shortest.unscaledValue().abs().toString();
        StringBuilder out = new StringBuilder();
        if (shortest.signum() < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int absExp = Math.abs(exponent);
        if (absExp < 10) {
            out.append('0');
        }
        return out.append(absExp).toString();
    }
}
