package org.facilitysync.core.internal.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

class PythonFloatTest {

    /** {@code python-float-repr.txt}: ~2,400 doubles (random bit patterns, decimals, powers) and CPython's json.dumps text. */
    @Test
    void writesEveryDoubleAsCPythonDoes() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("/serialization/python-float-repr.txt")), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" ");
                double value = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
                String actual = PythonFloat.repr(value);
                checked++;
                if (!actual.equals(parts[1])) {
                    mismatches.add(parts[0] + ": expected " + parts[1] + ", got " + actual);
                }
            }
        }
        assertTrue(checked > 2000);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches, e.g. " + mismatches.subList(0,
                Math.min(10, mismatches.size())));
    }

    @Test
    void specialValues() {
        assertEquals("0.0", PythonFloat.repr(0.0));
        assertEquals("-0.0", PythonFloat.repr(-0.0));
        assertEquals("NaN", PythonFloat.repr(Double.NaN));
        assertEquals("Infinity", PythonFloat.repr(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", PythonFloat.repr(Double.NEGATIVE_INFINITY));
        assertEquals("1e+16", PythonFloat.repr(1e16));
        assertEquals("1e-05", PythonFloat.repr(1e-5));
        assertEquals("0.0001", PythonFloat.repr(1e-4));
        assertEquals("5e-324", PythonFloat.repr(Double.MIN_VALUE));
    }
}
