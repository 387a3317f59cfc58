package org.sfdw.workers.dataapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON from a byte stream a value at a time, for the data api's answers: the numbers of the data lists are
 * converted straight from the bytes, which is where Jackson's tokeniser spent most of a waveform or image answer
 * (docs/BENCHMARKS.md, issue 20). It accepts what the writer's Jackson settings accepted and refuses what they
 * refused: strict JSON plus {@code NaN}, {@code Infinity}, {@code +Infinity}, {@code -Infinity}, {@code +INF} and
 * {@code -INF}; well-formed UTF-8 in strings; Jackson's default limits on nesting (1000), numbers (1000 characters),
 * strings (20,000,000 characters) and names (50,000).
 *
 * <p>Numbers are exact as Jackson's were: an integer is a long, or a {@link BigInteger} beyond the long range; a
 * decimal is the double nearest to it (Clinger's exact fast path when its digits and exponent allow, Jackson's
 * fast double parser otherwise).
 *
 * <p>A value that cannot end because the stream did is a {@link TruncatedResponseException}, anything else wrong a
 * {@link DataApiResponseException} naming the byte.
 */
final class JsonByteReader {

    static final int EOF = -1;

    enum NumberKind { LONG, BIG_INTEGER, DOUBLE }

    private static final int MAX_DEPTH = 1000;
    private static final int MAX_NUMBER_LENGTH = 1000;
    private static final int MAX_STRING_LENGTH = 20_000_000;
    private static final int MAX_NAME_LENGTH = 50_000;
    private static final long EXACT_MANTISSA = 1L << 53;
    private static final byte[][] NO_NAMES = new byte[0][];
    /** The bytes a run of plain numbers keeps free at the buffer's end: the longest number it reads, and more. */
    private static final int RUN_GUARD = 64;
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    /** The offset in the stream of {@code buffer[0]}. */
    private long offset;
    private boolean ended;
    private int depth;
    /** Where the bytes of the value being copied go, and the first of them not yet there. */
    private OutputStream copy;
    private int copiedUpTo;
    private char[] digits = new char[64];

    private NumberKind numberKind;
    private long longValue;
    private double doubleValue;
    private BigInteger bigValue;

    JsonByteReader(InputStream in) {
        this.in = in;
    }

    /** The bytes read from the stream so far. */
    long bytesRead() {
        return offset + limit;
    }

    // ---- bytes

    /** Reads more of the stream behind the unread bytes; false at its end. */
    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        if (copy != null && position > copiedUpTo) {
            copy.write(buffer, copiedUpTo, position - copiedUpTo);
        }
        int unread = limit - position;
        if (unread == buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
        } else if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, unread);
        }
        offset += position;
        position = 0;
        limit = unread;
        copiedUpTo = 0;
        int n;
        do {
            n = in.read(buffer, limit, buffer.length - limit);
        } while (n == 0);
        if (n < 0) {
            ended = true;
            return false;
        }
        limit += n;
        return true;
    }

    /** Makes at least {@code n} bytes readable unless the stream ends first. */
    private void ensure(int n) throws IOException {
        while (limit - position < n && fill()) {
            // reading on
        }
    }

    /** The next byte that is not white space, not consumed, or {@link #EOF}. */
    int peek() throws IOException {
        while (true) {
            while (position < limit) {
                byte b = buffer[position];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return b & 0xFF;
                }
                position++;
            }
            if (!fill()) {
                return EOF;
            }
        }
    }

    private void expect(char wanted, String what) throws IOException {
        int c = peek();
        if (c != wanted) {
            throw unexpected(c, what);
        }
        position++;
    }

    // ---- containers

    /** Consumes the {@code [} of an array. */
    void openArray() throws IOException {
        expect('[', "'[' to start a list");
        enter();
    }

    /** Consumes the {@code {} of an object. */
    void openObject() throws IOException {
        expect('{', "'{' to start an object");
        enter();
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw malformed("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** Right after {@link #openArray}: true, and consumed, when the array is empty. */
    boolean arrayIsEmpty() throws IOException {
        return closes(']');
    }

    /** After an element: true when a comma says another one follows; false when the array closed. */
    boolean moreElements() throws IOException {
        return another(']', "',' or ']' in a list");
    }

    /** Right after {@link #openObject}: true, and consumed, when the object is empty. */
    boolean objectIsEmpty() throws IOException {
        return closes('}');
    }

    /** After a member's value: true when a comma says another member follows; false when the object closed. */
    boolean moreMembers() throws IOException {
        return another('}', "',' or '}' in an object");
    }

    /** Consumes {@code close} and leaves its container when it comes next. */
    private boolean closes(char close) throws IOException {
        if (peek() == close) {
            position++;
            depth--;
            return true;
        }
        return false;
    }

    private boolean another(char close, String wanted) throws IOException {
        int c = peek();
        if (c == ',') {
            position++;
            return true;
        }
        if (closes(close)) {
            return false;
        }
        throw unexpected(c, wanted);
    }

    /**
     * A member's name and its colon.
     *
     * @param names the names asked about, ASCII
     * @return the index of the name in {@code names}, or -1 for any other name
     */
    int memberName(byte[][] names) throws IOException {
        int c = peek();
        if (c != '"') {
            throw unexpected(c, "a double-quoted member name");
        }
        int start = position + 1;
        int end = plainStringEnd(start, MAX_NAME_LENGTH);
        int found = -1;
        if (end >= 0) {
            int length = end - start;
            for (int i = 0; i < names.length && found < 0; i++) {
                if (names[i].length == length && java.util.Arrays.equals(names[i], 0, length, buffer, start, end)) {
                    found = i;
                }
            }
            position = end + 1;
        } else {
            String name = readEscapedString(MAX_NAME_LENGTH);
            for (int i = 0; i < names.length && found < 0; i++) {
                if (name.equals(new String(names[i], StandardCharsets.US_ASCII))) {
                    found = i;
                }
            }
        }
        expect(':', "':' after a member name");
        return found;
    }

    // ---- strings

    /**
     * Where the string starting at {@code start} (after its quote) closes, when it closes within the buffer and holds
     * only printable ASCII without escapes; otherwise -1.
     */
    private int plainStringEnd(int start, int maxLength) {
        int end = Math.min(limit, start + maxLength + 1);
        for (int i = start; i < end; i++) {
            byte b = buffer[i];
            if (b == '"') {
                return i;
            }
            if (b < 0x20 || b == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** A string value; the reader is at its opening quote. */
    String readString() throws IOException {
        int start = position + 1;
        int end = plainStringEnd(start, MAX_STRING_LENGTH);
        if (end >= 0) {
            position = end + 1;
            return new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
        }
        return readEscapedString(MAX_STRING_LENGTH);
    }

    /** Any string, byte by byte: escapes, UTF-8, and strings longer than the buffer. At its opening quote. */
    private String readEscapedString(int maxLength) throws IOException {
        StringBuilder text = new StringBuilder();
        scanString(text, maxLength);
        return text.toString();
    }

    /** Reads a string from its opening quote to past its closing one, into {@code text} unless that is null. */
    private void scanString(StringBuilder text, int maxLength) throws IOException {
        position++;
        int length = 0;
        while (true) {
            int b = next("the end of a string");
            if (b == '"') {
                return;
            }
            if (++length > maxLength) {
                throw malformed("a string longer than " + maxLength + " characters");
            }
            if (b == '\\') {
                int decoded = escaped();
                if (text != null) {
                    text.append((char) decoded);
                }
            } else if (b < 0x20) {
                position--;
                throw malformed("control character " + b + " in a string (it has to be escaped)");
            } else if (b < 0x80) {
                if (text != null) {
                    text.append((char) b);
                }
            } else {
                int codePoint = utf8(b);
                if (codePoint > Character.MAX_CODE_POINT) {
                    position--;
                    throw malformed("UTF-8 bytes beyond the last Unicode character in a string");
                }
                if (text != null) {
                    text.appendCodePoint(codePoint);
                }
                if (codePoint > 0xFFFF) {
                    length++;
                }
            }
        }
    }

    private int next(String what) throws IOException {
        if (position == limit && !fill()) {
            throw truncated(what);
        }
        return buffer[position++] & 0xFF;
    }

    private int escaped() throws IOException {
        int c = next("an escape in a string");
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    int h = Character.digit(next("a \\u escape"), 16);
                    if (h < 0) {
                        position--;
                        throw malformed("a \\u escape with a character that is not a hex digit");
                    }
                    value = value << 4 | h;
                }
                yield value;
            }
            default -> {
                position--;
                throw malformed("unrecognised escape '\\" + (char) c + "' in a string");
            }
        };
    }

    /** The code point of a multi-byte UTF-8 sequence whose first byte, {@code lead}, was read. */
    private int utf8(int lead) throws IOException {
        int more;
        int value;
        if ((lead & 0xE0) == 0xC0) {
            more = 1;
            value = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            more = 2;
            value = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            more = 3;
            value = lead & 0x07;
        } else {
            position--;
            throw malformed("invalid UTF-8 start byte 0x" + Integer.toHexString(lead) + " in a string");
        }
        for (int i = 0; i < more; i++) {
            int b = next("a UTF-8 character");
            if ((b & 0xC0) != 0x80) {
                position--;
                throw malformed("invalid UTF-8 middle byte 0x" + Integer.toHexString(b) + " in a string");
            }
            value = value << 6 | b & 0x3F;
        }
        return value;
    }

    // ---- numbers and literals

    /**
     * Reads a number, or one of the non-numeric spellings: the reader is at its first character ({@code -}, a digit,
     * {@code N}, {@code I} or {@code +}). The value is then {@link #numberKind} and the getter of that kind.
     */
    void readNumber() throws IOException {
        if (limit - position <= MAX_NUMBER_LENGTH) {
            ensure(MAX_NUMBER_LENGTH + 1);
        }
        int start = position;
        int end = Math.min(limit, start + MAX_NUMBER_LENGTH + 1);
        int p = start;
        byte first = buffer[p];
        boolean negative = first == '-';
        if (negative || first == '+') {
            p++;
        }
        if (p == end) {
            throw truncated("a number");
        }
        byte b = buffer[p];
        if (b == 'I' || first == 'N' || first == '+') {
            nonNumeric();
            return;
        }
        if (b < '0' || b > '9') {
            position = p;
            throw malformed("'" + (char) b + "' where a digit (0-9) has to follow the minus sign");
        }
        long mantissa = 0;
        int significant = 0;
        int integerDigits = 0;
        if (b == '0') {
            p++;
            integerDigits = 1;
            if (p < end && buffer[p] >= '0' && buffer[p] <= '9') {
                position = p;
                throw malformed("a number with a leading zero");
            }
        } else {
            while (p < end && (b = buffer[p]) >= '0' && b <= '9') {
                if (significant < 18) {
                    mantissa = mantissa * 10 + (b - '0');
                }
                significant++;
                integerDigits++;
                p++;
            }
        }
        boolean decimal = false;
        int fractionDigits = 0;
        if (p < end && buffer[p] == '.') {
            decimal = true;
            p++;
            while (p < end && (b = buffer[p]) >= '0' && b <= '9') {
                if (mantissa != 0 || b != '0') {
                    if (significant < 18) {
                        mantissa = mantissa * 10 + (b - '0');
                    }
                    significant++;
                }
                fractionDigits++;
                p++;
            }
            if (fractionDigits == 0) {
                throw notFollowedByDigit(p, end, "a decimal point");
            }
        }
        int exponent = 0;
        if (p < end && (buffer[p] == 'e' || buffer[p] == 'E')) {
            decimal = true;
            p++;
            boolean negativeExponent = false;
            if (p < end && (buffer[p] == '+' || buffer[p] == '-')) {
                negativeExponent = buffer[p] == '-';
                p++;
            }
            int exponentDigits = 0;
            while (p < end && (b = buffer[p]) >= '0' && b <= '9') {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (b - '0');
                }
                exponentDigits++;
                p++;
            }
            if (exponentDigits == 0) {
                throw notFollowedByDigit(p, end, "an exponent indicator");
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (p - start > MAX_NUMBER_LENGTH) {
            position = start;
            throw malformed("a number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        position = p;
        if (!decimal) {
            integer(start, p, negative, mantissa, integerDigits);
            return;
        }
        numberKind = NumberKind.DOUBLE;
        int power = exponent - fractionDigits;
        if (significant <= 18 && mantissa <= EXACT_MANTISSA && power >= -22 && power <= 22) {
            // Both operands are exact doubles, so the one rounding of the division or product is the right one.
            double magnitude = power < 0 ? mantissa / POWERS_OF_TEN[-power] : mantissa * POWERS_OF_TEN[power];
            doubleValue = negative ? -magnitude : magnitude;
        } else {
            int length = p - start;
            if (digits.length < length) {
                digits = new char[length];
            }
            for (int i = 0; i < length; i++) {
                digits[i] = (char) buffer[start + i];
            }
            doubleValue = com.fasterxml.jackson.core.io.NumberInput.parseDouble(digits, 0, length, true);
        }
    }

    /**
     * Reads on through a list's elements while they are plain integers (an optional minus sign and 1 to 18 digits, no
     * leading zero, no fraction or exponent, commas with at most spaces around them) and in the buffer, into
     * {@code into}. Stops before the first element that is anything else, at the buffer's end, or when {@code into}
     * is full; the general path reads on from there. The reader is then right after the last integer read, before its
     * comma. The caller has skipped the white space before the first element.
     *
     * @return how many integers were read: each is what {@link #readNumber} makes of it
     */
    int readPlainIntegers(long[] into) {
        int count = 0;
        int p = position;
        int guard = limit - RUN_GUARD;
        byte[] b = buffer;
        while (count < into.length) {
            int q = p;
            if (count > 0) {
                q = afterComma(b, q, guard);
                if (q < 0) {
                    break;
                }
            }
            if (q >= guard) {
                break;
            }
            boolean negative = b[q] == '-';
            int start = negative ? q + 1 : q;
            int d = start;
            long value = 0;
            byte c;
            while ((c = b[d]) >= '0' && c <= '9' && d - start < 19) {
                value = value * 10 + (c - '0');
                d++;
            }
            int length = d - start;
            if (length == 0 || length > 18 || length > 1 && b[start] == '0' || c == '.' || c == 'e' || c == 'E') {
                break;
            }
            into[count++] = negative ? -value : value;
            p = d;
        }
        position = p;
        return count;
    }

    /**
     * As {@link #readPlainIntegers}, for decimals (a fraction or an exponent; not integers) whose double is exact by
     * Clinger's fast path: at most 18 significant digits and a power of ten within 10^&plusmn;22.
     */
    int readPlainDecimals(double[] into) {
        int count = 0;
        int p = position;
        int guard = limit - RUN_GUARD;
        byte[] b = buffer;
        while (count < into.length) {
            int q = p;
            if (count > 0) {
                q = afterComma(b, q, guard);
                if (q < 0) {
                    break;
                }
            }
            if (q >= guard) {
                break;
            }
            int end = q + RUN_GUARD - 8;
            boolean negative = b[q] == '-';
            int d = negative ? q + 1 : q;
            int integerStart = d;
            long mantissa = 0;
            int significant = 0;
            byte c;
            while ((c = b[d]) >= '0' && c <= '9' && d < end) {
                if (mantissa != 0 || c != '0') {
                    mantissa = mantissa * 10 + (c - '0');
                    significant++;
                }
                d++;
            }
            int integerDigits = d - integerStart;
            if (integerDigits == 0 || integerDigits > 1 && b[integerStart] == '0') {
                break;
            }
            int fractionDigits = 0;
            boolean decimal = false;
            if (c == '.') {
                decimal = true;
                d++;
                int fractionStart = d;
                while ((c = b[d]) >= '0' && c <= '9' && d < end) {
                    if (mantissa != 0 || c != '0') {
                        mantissa = mantissa * 10 + (c - '0');
                        significant++;
                    }
                    d++;
                }
                fractionDigits = d - fractionStart;
                if (fractionDigits == 0) {
                    break;
                }
            }
            int exponent = 0;
            if (c == 'e' || c == 'E') {
                decimal = true;
                d++;
                boolean negativeExponent = b[d] == '-';
                if (negativeExponent || b[d] == '+') {
                    d++;
                }
                int exponentStart = d;
                while ((c = b[d]) >= '0' && c <= '9' && d - exponentStart < 4) {
                    exponent = exponent * 10 + (c - '0');
                    d++;
                }
                if (d == exponentStart || d - exponentStart == 4) {
                    break;
                }
                if (negativeExponent) {
                    exponent = -exponent;
                }
            }
            int power = exponent - fractionDigits;
            if (!decimal || significant > 18 || mantissa > EXACT_MANTISSA || power < -22 || power > 22 || d >= end) {
                break;
            }
            double magnitude = power < 0 ? mantissa / POWERS_OF_TEN[-power] : mantissa * POWERS_OF_TEN[power];
            into[count++] = negative ? -magnitude : magnitude;
            p = d;
        }
        position = p;
        return count;
    }

    /** Past a comma and the spaces around it, from {@code q}; -1 when there is no comma there within the guard. */
    private static int afterComma(byte[] b, int q, int guard) {
        while (q < guard && b[q] == ' ') {
            q++;
        }
        if (q >= guard || b[q] != ',') {
            return -1;
        }
        q++;
        while (q < guard && b[q] == ' ') {
            q++;
        }
        return q;
    }

    private RuntimeException notFollowedByDigit(int p, int end, String what) throws TruncatedResponseException {
        if (p == end && ended) {
            throw truncated("a number");
        }
        position = p;
        return malformed(what + " not followed by a digit");
    }

    private void integer(int start, int end, boolean negative, long mantissa, int integerDigits) {
        if (integerDigits <= 18) {
            numberKind = NumberKind.LONG;
            longValue = negative ? -mantissa : mantissa;
            return;
        }
        BigInteger big = new BigInteger(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
        if (big.bitLength() < 64) {
            numberKind = NumberKind.LONG;
            longValue = big.longValue();
        } else {
            numberKind = NumberKind.BIG_INTEGER;
            bigValue = big;
        }
    }

    private void nonNumeric() throws IOException {
        numberKind = NumberKind.DOUBLE;
        for (String spelling : new String[] {"NaN", "Infinity", "+Infinity", "-Infinity", "+INF", "-INF"}) {
            if (literal(spelling)) {
                doubleValue = spelling.equals("NaN") ? Double.NaN
                        : spelling.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                return;
            }
        }
        throw unrecognised();
    }

    /** Consumes {@code word} when the bytes here spell it and no letter or digit follows. */
    private boolean literal(String word) throws IOException {
        ensure(word.length() + 1);
        if (limit - position < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (buffer[position + i] != word.charAt(i)) {
                return false;
            }
        }
        int after = position + word.length();
        if (after < limit && Character.isJavaIdentifierPart((char) (buffer[after] & 0xFF))) {
            return false;
        }
        position = after;
        return true;
    }

    private RuntimeException unrecognised() throws IOException {
        ensure(32);
        int end = position;
        if (end < limit && (buffer[end] == '-' || buffer[end] == '+')) {
            end++;
        }
        while (end < limit && end - position < 32 && Character.isJavaIdentifierPart((char) (buffer[end] & 0xFF))) {
            end++;
        }
        if (end == limit && ended) {
            throw truncated("a token");
        }
        if (end == position) {
            end++;
        }
        return malformed("unrecognised token '" + new String(buffer, position, end - position,
                StandardCharsets.ISO_8859_1) + "'");
    }

    NumberKind numberKind() {
        return numberKind;
    }

    long longValue() {
        return longValue;
    }

    double doubleValue() {
        return doubleValue;
    }

    BigInteger bigValue() {
        return bigValue;
    }

    /** Reads {@code true}, {@code false} or {@code null}: the reader is at its first letter. */
    Literal readLiteral() throws IOException {
        for (Literal l : Literal.values()) {
            if (literal(l.spelling)) {
                return l;
            }
        }
        throw unrecognised();
    }

    enum Literal {
        TRUE("true"), FALSE("false"), NULL("null");

        private final String spelling;

        Literal(String spelling) {
            this.spelling = spelling;
        }
    }

    // ---- whole values

    /** Reads past the next value, whatever it is, checking that it is well-formed. */
    void skipValue() throws IOException {
        int c = peek();
        switch (c) {
            case '[' -> {
                openArray();
                if (!arrayIsEmpty()) {
                    do {
                        skipValue();
                    } while (moreElements());
                }
            }
            case '{' -> {
                openObject();
                if (!objectIsEmpty()) {
                    do {
                        memberName(NO_NAMES);
                        skipValue();
                    } while (moreMembers());
                }
            }
            case '"' -> {
                int end = plainStringEnd(position + 1, MAX_STRING_LENGTH);
                if (end >= 0) {
                    position = end + 1;
                } else {
                    scanString(null, MAX_STRING_LENGTH);
                }
            }
            case 't', 'f', 'n' -> readLiteral();
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'N', 'I', '+' -> readNumber();
            default -> throw unexpected(c, "a value");
        }
    }

    /** The bytes of the next value, which is read past and checked. */
    byte[] valueBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        copyValue(bytes);
        return bytes.toByteArray();
    }

    /** Copies the bytes of the next value to {@code out}, reading past it. */
    void copyValue(OutputStream out) throws IOException {
        peek();
        copy = out;
        copiedUpTo = position;
        try {
            skipValue();
            out.write(buffer, copiedUpTo, position - copiedUpTo);
        } finally {
            copy = null;
        }
    }

    // ---- errors

    /** Throws the truncation when the stream ended; returns the malformation otherwise. */
    private RuntimeException unexpected(int c, String wanted) throws TruncatedResponseException {
        if (c == EOF) {
            throw truncated(wanted);
        }
        String shown = c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : "byte 0x" + Integer.toHexString(c);
        return malformed("unexpected " + shown + " where " + wanted + " was expected");
    }

    private DataApiResponseException malformed(String what) {
        return new DataApiResponseException("response is not valid JSON: " + what + " at byte "
                + (offset + position));
    }

    private TruncatedResponseException truncated(String what) {
        return new TruncatedResponseException("the answer ended in the middle of its JSON, in " + what + ", after "
                + bytesRead() + " bytes (truncated body)", null);
    }
}
