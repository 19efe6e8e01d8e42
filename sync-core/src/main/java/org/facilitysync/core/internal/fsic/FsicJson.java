package org.facilitysync.core.internal.fsic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.facilitysync.core.internal.identity.PythonJson;

/**
 * FSICs as Morango's JSON text ({@code client_fsic} / {@code server_fsic} of a transfer session):
 * written exactly as Python's {@code json.dumps}, v2 with {@code "super"} before {@code "sub"};
 * read leniently about key order but strictly about shape (objects of objects of integers).
 */
public final class FsicJson {

    /** Python's {@code json.loads}, configured once for all Morango text. */
    private static final ObjectMapper MAPPER = PythonJson.MAPPER;

    private FsicJson() {
    }

    /** The v2 wire text. */
    public static String write(FsicV2 fsic) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("super", fsic.superPartitions().asMap());
        root.put("sub", fsic.subPartitions().asMap());
        return PythonJson.dumps(root);
    }

    /** Partition counters (an expanded FSIC or a diff) as JSON text. */
    public static String write(PartitionCounters counters) {
        return PythonJson.dumps(counters.asMap());
    }

    /** The v1 wire text. */
    public static String write(FsicV1 fsic) {
        return PythonJson.dumps(fsic.counters());
    }

    /** Reads a v2 FSIC; both {@code "super"} and {@code "sub"} must be present, as Morango asserts. */
    public static FsicV2 parseV2(String text) {
        JsonNode root = readObject(text, "v2 FSIC");
        for (String key : new String[] {"super", "sub"}) {
            if (!root.has(key)) {
                throw new FsicFormatException("v2 FSIC has no \"" + key + "\" key: " + abbreviate(text));
            }
        }
        return new FsicV2(partitionCounters(root.get("super"), "super"), partitionCounters(root.get("sub"), "sub"));
    }

    /** Reads partition counters ({@code {partition: {instance: counter}}}). */
    public static PartitionCounters parsePartitionCounters(String text) {
        return partitionCounters(readObject(text, "partition counters"), "$");
    }

    /** Reads a v1 FSIC ({@code {instance: counter}}). */
    public static FsicV1 parseV1(String text) {
        JsonNode root = readObject(text, "v1 FSIC");
        Map<String, Long> counters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            counters.put(e.getKey(), counter(e.getValue(), e.getKey()));
        }
        return new FsicV1(counters);
    }

    /** Reads partition counters from an already parsed tree (vector files, larger JSON documents). */
    public static PartitionCounters partitionCounters(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new FsicFormatException("FSIC part " + where + " is not a JSON object: " + node);
        }
        PartitionCounters.Builder builder = PartitionCounters.builder();
        for (Iterator<Map.Entry<String, JsonNode>> partitions = node.fields(); partitions.hasNext(); ) {
            Map.Entry<String, JsonNode> partition = partitions.next();
            String path = where + "[\"" + partition.getKey() + "\"]";
            if (!partition.getValue().isObject()) {
                throw new FsicFormatException("FSIC partition " + path + " is not a JSON object: " + partition.getValue());
            }
            builder.partition(partition.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> instances = partition.getValue().fields(); instances.hasNext(); ) {
                Map.Entry<String, JsonNode> instance = instances.next();
                builder.put(partition.getKey(), instance.getKey(),
                        counter(instance.getValue(), path + "[\"" + instance.getKey() + "\"]"));
            }
        }
        return builder.build();
    }

    private static long counter(JsonNode value, String where) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new FsicFormatException("FSIC counter " + where + " is not an integer: " + value);
        }
        return value.longValue();
    }

    private static JsonNode readObject(String text, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FsicFormatException(what + " is not valid JSON: " + abbreviate(text), e);
        }
        if (root == null || !root.isObject()) {
            throw new FsicFormatException(what + " is not a JSON object: " + abbreviate(String.valueOf(text)));
        }
        return root;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
