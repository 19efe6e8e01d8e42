package org.facilitysync.core.internal.identity;

import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.facilitysync.core.internal.vectors.MorangoVectors.mapper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The json.dumps writer, on texts Morango wrote (parsed with Jackson, written back byte for byte). */
class PythonJsonTest {

    private static String roundTrip(String text) throws JsonProcessingException {
        return PythonJson.dumps(mapper().readTree(text));
    }

    @TestFactory
    Stream<DynamicTest> rewritesMorangoTextsByteForByte() {
        List<String> texts = new ArrayList<>();
        JsonNode certificates = load("certificates.json");
        for (JsonNode c : elements(certificates.path("certificates"))) {
            texts.add(c.path("api_json").path("serialized").asText());
            texts.add(c.path("api_json").path("scope_params").asText());
        }
        texts.add(certificates.path("syncsession_certificate_chain").path("string").asText());
        for (JsonNode s : elements(load("fsic.json").path("recorded_sessions"))) {
            texts.add(s.path("server_fsic_wire_string").asText());
            texts.add(s.path("client_fsic_wire_string").asText());
        }
        // Store.serialized of real records (Django's encoder uses the same separators)
        for (JsonNode row : elements(load("state-after-push.json").path("server").path("store"))) {
            texts.add(row.path("serialized").asText());
        }
        return texts.stream().map(text -> dynamicTest(text.substring(0, Math.min(60, text.length())),
                () -> assertEquals(text, roundTrip(text))));
    }

    @Test
    void escapesLikePythonEnsureAscii() {
        // json.dumps("h\u00e9llo \u2713 \U0001F600 \x7f\x01/\"\\\n\t") in Python 3.11
        String text = "h\u00e9llo \u2713 \uD83D\uDE00 \u007f\u0001/\"\\\n\t\r\b\f";
        assertEquals("\"h\\u00e9llo \\u2713 \\ud83d\\ude00 \\u007f\\u0001/\\\"\\\\\\n\\t\\r\\b\\f\"",
                PythonJson.quote(text));
    }

    @Test
    void writesMapsInInsertionOrderWithPythonSeparators() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", 2L);
        inner.put("a", List.of(true, false));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("z", null);
        outer.put("inner", inner);
        outer.put("empty", Map.of());
        outer.put("list", List.of());
        assertEquals("{\"z\": null, \"inner\": {\"b\": 2, \"a\": [true, false]}, \"empty\": {}, \"list\": []}",
                PythonJson.dumps(outer));
    }

    @Test
    void refusesFloats() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PythonJson.dumps(Map.of("x", 1.5)));
        assertEquals(true, e.getMessage().contains("$.x"), e.getMessage());
    }

    @Test
    void escapesLikeDjangoRestFrameworksRenderer() {
        String text = "a\"b\\c\n\u0001 é \u2028\u2029 \uD83D\uDE00 /";
        StringBuilder out = new StringBuilder();
        PythonJson.appendQuoted(text, PythonJson.Escaping.DJANGO_REST, out);
        assertEquals("\"a\\\"b\\\\c\\n\\u0001 é \\u2028\\u2029 \uD83D\uDE00 /\"", out.toString());
        assertEquals(out.length(), PythonJson.quotedLength(text, PythonJson.Escaping.DJANGO_REST));
        assertEquals(PythonJson.quote(text).length(), PythonJson.quotedLength(text, PythonJson.Escaping.ASCII));
    }

    @Test
    void writesFloatsAsPythonsReprInStoreText() throws JsonProcessingException {
        StringBuilder out = new StringBuilder();
        PythonJson.write(PythonJson.MAPPER.readTree("{\"x\": 1e16, \"y\": [0.0001, NaN]}"), out);
        assertEquals("{\"x\": 1e+16, \"y\": [0.0001, NaN]}", out.toString());
    }
}
