package org.sfdw.spool.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sfdw.spool.testing.H5py;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PythonJson} prints what Debian's {@code python3 -c 'json.dumps(...)'} prints, for doubles of every bit
 * pattern and strings of every char (control characters, DEL, outside the BMP, lone surrogates). One Python run
 * per try checks a few hundred values.
 */
class PythonJsonPropertiesTest {

    /** Reads hex doubles and JSON-escaped strings, one per line, and prints json.dumps of each. */
    private static final String DUMPS = String.join("\n",
            "import json, sys",
            "for line in sys.stdin.read().split('\\n'):",
            "    if not line: continue",
            "    kind, value = line[0], line[1:]",
            "    v = float.fromhex(value) if kind == 'd' else json.loads(value)",
            "    print(json.dumps(v))");

    private final PythonJson json = new PythonJson(new ObjectMapper());

    @Provide
    Arbitrary<List<Double>> doubles() {
        Arbitrary<Double> anyBits = Arbitraries.longs().map(Double::longBitsToDouble);
        Arbitrary<Double> decimal = Arbitraries.doubles().between(-1e20, 1e20).ofScale(6);
        Arbitrary<Double> timestamps = Arbitraries.doubles().between(1e9, 2e9);
        Arbitrary<Double> pulseIds = Arbitraries.longs().between(0, 1L << 60).map(l -> (double) l);
        return Arbitraries.oneOf(anyBits, decimal, timestamps, pulseIds).list().ofSize(300);
    }

    @Provide
    Arbitrary<List<String>> strings() {
        Arbitrary<Character> special = Arbitraries.of('\u0000', '\u0001', '\u001f', '\u007f', '\u0080', '"', '\\',
                '/', '\n', '\t', '\b', '\f', '\r', '\ud83d', '\ude80', '\udfff', '\u2028', '\ufeff', '\uffff');
        Arbitrary<Character> anyChar = Arbitraries.chars().all();
        Arbitrary<String> text = Arbitraries.oneOf(special, anyChar, Arbitraries.chars().range(' ', '~'))
                .list().ofMaxSize(16).map(chars -> {
                    StringBuilder s = new StringBuilder();
                    chars.forEach(s::append);
                    return s.toString();
                });
        Arbitrary<String> planes = Arbitraries.integers().between(0x10000, 0x10ffff)
                .map(cp -> new String(Character.toChars(cp)));
        return Arbitraries.oneOf(text, planes).list().ofSize(200);
    }

    @Property(tries = 6)
    void doublesPrintAsPythonsRepr(@ForAll("doubles") List<Double> values) throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (double v : values) {
            lines.add("d" + Double.toHexString(v).replace("Infinity", "inf"));
            ours.add(json.dumps(JsonNodeFactory.instance.numberNode(v)));
        }
        assertThat(python(lines)).containsExactlyElementsOf(ours);
    }

    @Property(tries = 6)
    void stringsPrintAsPythonsJsonDumps(@ForAll("strings") List<String> values) throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (String v : values) {
            StringBuilder escaped = new StringBuilder();
            PythonJson.writeString(v, escaped);    // ASCII only: it travels to Python intact, lone surrogates too
            lines.add("s" + escaped);
            ours.add(json.dumps(JsonNodeFactory.instance.textNode(v)));
        }
        assertThat(python(lines)).containsExactlyElementsOf(ours);
    }

    private static List<String> python(List<String> lines) throws IOException, InterruptedException {
        Process python = new ProcessBuilder(H5py.PYTHON, "-c", DUMPS).redirectErrorStream(true).start();
        python.getOutputStream().write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
