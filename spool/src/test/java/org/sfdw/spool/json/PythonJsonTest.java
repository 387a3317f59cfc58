package org.sfdw.spool.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PythonJsonTest {

    private final PythonJson json = new PythonJson(new ObjectMapper());

    @Test
    void dumpsLikePythonWithItsSeparatorsAndKeyOrder() {
        String in = "{\"output_file\":\"/d/r.h5\",\"general/user\":\"p1\",\"n\":[1,2.5,true,null],\"o\":{}}";
        assertThat(json.dumps(json.parse(in)))
                .isEqualTo("{\"output_file\": \"/d/r.h5\", \"general/user\": \"p1\", \"n\": [1, 2.5, true, null], \"o\": {}}");
    }

    @Test
    void escapesNonAsciiAndControlCharactersAsPythonDoes() {
        assertThat(json.dumps(json.parse("[\"Zürich \\\"x\\\"\\n\\u0001 \\ud83d\\ude00\"]")))
                .isEqualTo("[\"Z\\u00fcrich \\\"x\\\"\\n\\u0001 \\ud83d\\ude00\"]");
    }

    @Test
    void floatsFollowPythonRepr() {
        assertThat(PythonJson.pythonFloat(1528459491.5)).isEqualTo("1528459491.5");
        assertThat(PythonJson.pythonFloat(1.0)).isEqualTo("1.0");
        assertThat(PythonJson.pythonFloat(0.0001)).isEqualTo("0.0001");
        assertThat(PythonJson.pythonFloat(0.00001)).isEqualTo("1e-05");
        assertThat(PythonJson.pythonFloat(1e16)).isEqualTo("1e+16");
        assertThat(PythonJson.pythonFloat(-2.5e-7)).isEqualTo("-2.5e-07");
        assertThat(PythonJson.pythonFloat(123456789012345.6)).isEqualTo("123456789012345.6");
        assertThat(PythonJson.pythonFloat(-0.0)).isEqualTo("-0.0");
        // Java 17's Double.toString prints 2.28429866853658848E17, 9.999999999999999E22 and 4.9E-324 here
        assertThat(PythonJson.pythonFloat(2.2842986685365885e+17)).isEqualTo("2.2842986685365885e+17");
        assertThat(PythonJson.pythonFloat(1e23)).isEqualTo("1e+23");
        assertThat(PythonJson.pythonFloat(Double.MIN_VALUE)).isEqualTo("5e-324");
    }
}
