package org.facilitysync.core.internal.identity;

import org.facilitysync.api.model.MorangoIds;
import static org.facilitysync.core.internal.vectors.MorangoVectors.elements;
import static org.facilitysync.core.internal.vectors.MorangoVectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every vector of {@code ids.json}, recomputed. */
class IdentityVectorsTest {

    private static final UUID TEST_APP_USER_NAMESPACE = UUID.fromString("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa");

    /** Morango's test app ({@code tests/testapp}, profile facilitydata) expressed as identity rules. */
    static final Map<String, ModelIdentityRule> TEST_APP_RULES = Map.of(
            "MyUser", new ModelIdentityRule("user", "${id}:user",
                    new SourceIdRule.Uuid5OfTemplate(TEST_APP_USER_NAMESPACE, "${username}"), NamespacedIdRule.SOURCE_ID),
            "SummaryLog", new ModelIdentityRule("contentsummarylog", "${user_id}:user:summary",
                    new SourceIdRule.Template("${user_id}:${content_id}"),
                    NamespacedIdRule.SHA2_OF_PARTITION_SOURCE_AND_MODEL),
            "InteractionLog", new ModelIdentityRule("contentinteractionlog", "${user_id}:user:interaction",
                    new SourceIdRule.Random(), NamespacedIdRule.SHA2_OF_PARTITION_SOURCE_AND_MODEL),
            "Facility", new ModelIdentityRule("facility", "", new SourceIdRule.Template("${name}"),
                    NamespacedIdRule.SHA2_OF_PARTITION_SOURCE_AND_MODEL));

    private static JsonNode ids() {
        return load("ids.json");
    }

    @TestFactory
    Stream<DynamicTest> sha2UuidVectors() {
        return elements(ids().path("sha2_uuid").path("vectors")).stream().map(v -> dynamicTest(
                "sha2_uuid " + v.path("args"), () -> {
                    List<String> args = new ArrayList<>();
                    v.path("args").forEach(a -> args.add(a.asText()));
                    assertEquals(v.path("joined").asText(), String.join("::", args));
                    assertEquals(v.path("output").asText(), MorangoIds.sha2Uuid(args.toArray(String[]::new)));
                    assertEquals(v.path("sha256_full").asText().substring(0, 32), v.path("output").asText());
                }));
    }

    @TestFactory
    Stream<DynamicTest> modelIdVectors() {
        Map<String, String> usernameByUuid5 = new HashMap<>();
        for (JsonNode u : elements(ids().path("myuser_source_id_uuid5"))) {
            usernameByUuid5.put(u.path("uuid5_hex").asText(), u.path("username").asText());
        }
        return elements(ids().path("model_ids").path("vectors")).stream().map(v -> dynamicTest(
                v.path("model_class").asText() + " " + v.path("source_id").asText(), () -> {
                    String modelClass = v.path("model_class").asText();
                    ModelIdentityRule rule = TEST_APP_RULES.get(modelClass);
                    assertEquals(v.path("morango_model_name").asText(), rule.modelName());
                    String sourceId = v.path("source_id").asText();
                    Map<String, String> fields = new HashMap<>();
                    String preset = null;
                    switch (modelClass) {
                        case "MyUser" -> {
                            if (v.path("description").asText().contains("preset")
                                    && !v.path("description").asText().contains("without preset")) {
                                preset = sourceId;
                            } else {
                                fields.put("username", usernameByUuid5.get(sourceId));
                            }
                        }
                        case "SummaryLog" -> {
                            String[] parts = sourceId.split(":", 2);
                            fields.put("user_id", parts[0]);
                            fields.put("content_id", parts[1]);
                        }
                        case "InteractionLog" -> {
                            // the source id is normally random; the vector gives it, as a preset
                            fields.put("user_id", v.path("calculate_partition_output").asText().split(":")[0]);
                            preset = sourceId;
                        }
                        case "Facility" -> fields.put("name", sourceId);
                        default -> throw new AssertionError("unknown model class " + modelClass);
                    }
                    ModelIdentity identity = rule.derive(fields, preset);
                    assertEquals(sourceId, identity.sourceId(), "source id");
                    assertEquals(v.path("model_uuid").asText(), identity.modelUuid(), "model uuid");
                    assertEquals(v.path("final_partition").asText(), identity.partition(), "partition");
                }));
    }

    @TestFactory
    Stream<DynamicTest> defaultNamespacedIdKeepsThePlaceholderLiteral() {
        return elements(ids().path("model_ids").path("default_compute_namespaced_id_with_placeholder")).stream()
                .map(v -> dynamicTest("default rule on " + v.path("source_id").asText(), () -> {
                    ModelIdentityRule rule = new ModelIdentityRule(v.path("model_name").asText(),
                            v.path("partition_template").asText(), new SourceIdRule.Random(),
                            NamespacedIdRule.SHA2_OF_PARTITION_SOURCE_AND_MODEL);
                    ModelIdentity identity = rule.derive(Map.of(), v.path("source_id").asText());
                    assertEquals(v.path("model_uuid").asText(), identity.modelUuid());
                    assertEquals(v.path("final_partition").asText(), identity.partition());
                }));
    }

    @TestFactory
    Stream<DynamicTest> receiverModelUuidCheckVectors() {
        return elements(ids().path("receiver_model_uuid_check").path("vectors")).stream().map(v -> dynamicTest(
                "receiver check " + v.path("store_id").asText(), () -> {
                    String modelName = v.path("model_name").asText();
                    NamespacedIdRule rule = modelName.equals("user")
                            ? NamespacedIdRule.SOURCE_ID : NamespacedIdRule.SHA2_OF_PARTITION_SOURCE_AND_MODEL;
                    String uuid = v.path("store_id").asText();
                    String partition = v.path("partition").asText();
                    assertEquals(v.path("partition_with_id_replaced_by_placeholder").asText(),
                            partition.replace(uuid, org.facilitysync.api.model.SyncableModel.ID_PLACEHOLDER));
                    String recomputed = ReceivedModelUuidCheck.recompute(rule, uuid, partition,
                            v.path("source_id").asText(), modelName);
                    assertEquals(v.path("recomputed_model_uuid").asText(), recomputed);
                    assertEquals(v.path("matches").asBoolean(), recomputed.equals(uuid));
                    ReceivedModelUuidCheck.verify(rule, uuid, partition, v.path("source_id").asText(), modelName);
                    // a record moved to another partition (or with another source id) no longer recomputes
                    IllegalArgumentException moved = assertThrows(IllegalArgumentException.class, () ->
                            ReceivedModelUuidCheck.verify(NamespacedIdRule.SHA2_OF_PARTITION_SOURCE_AND_MODEL,
                                    uuid, partition + "x", v.path("source_id").asText(), modelName));
                    assertTrue(moved.getMessage().contains(uuid), moved.getMessage());
                }));
    }

    @TestFactory
    Stream<DynamicTest> uuid5OfUsernameVectors() {
        return elements(ids().path("myuser_source_id_uuid5")).stream().map(v -> dynamicTest(
                "uuid5 " + v.path("username").asText(), () -> assertEquals(v.path("uuid5_hex").asText(),
                        Uuid5.hex(UUID.fromString(v.path("namespace").asText()), v.path("username").asText()))));
    }

    @TestFactory
    Stream<DynamicTest> saltedHashVectors() {
        return elements(ids().path("instance_id").path("salted_hash_vectors")).stream().map(v -> dynamicTest(
                "salted hash '" + v.path("input").asText() + "'",
                () -> assertEquals(v.path("output").asText(), SaltedHash.of(v.path("input").asText()))));
    }

    @Test
    void environmentOverridesGiveTheRecordedSystemAndNodeIds() {
        JsonNode v = ids().path("instance_id").path("env_derivation_check");
        assertEquals(v.path("system_id").asText(),
                InstanceIdDerivation.hashedIdentifier(v.path("MORANGO_SYSTEM_ID").asText(), "some-machine-id"));
        assertEquals(v.path("node_id").asText(),
                InstanceIdDerivation.hashedIdentifier(v.path("MORANGO_NODE_ID").asText(), "02:42:ac:11:00:02"));
        // too short an override (after stripping) falls back to the platform value
        assertEquals(SaltedHash.of("02:42:ac:11:00:02"), InstanceIdDerivation.hashedIdentifier(" ab ", "02:42:ac:11:00:02"));
        assertEquals("", InstanceIdDerivation.hashedIdentifier(null, null));
    }

    @TestFactory
    Stream<DynamicTest> instanceIdsOfTheSyncScenario() {
        return elements(ids().path("instance_id").path("instances_of_the_sync_scenario")).stream().map(v -> dynamicTest(
                "instance of " + v.path("node").asText(), () -> {
                    String systemId = InstanceIdDerivation.hashedIdentifier(v.path("env_MORANGO_SYSTEM_ID").asText(), null);
                    String nodeId = InstanceIdDerivation.hashedIdentifier(v.path("env_MORANGO_NODE_ID").asText(), null);
                    assertEquals(v.path("system_id").asText(), systemId);
                    assertEquals(v.path("node_id").asText(), nodeId);
                    String instanceId = InstanceIdDerivation.instanceId(v.path("database_id").asText(), systemId, nodeId);
                    assertEquals(v.path("instance_id").asText(), instanceId);
                    assertEquals(v.path("instance_hash_proquint").asText(), Proquint.ofInstanceId(instanceId));
                }));
    }

    @TestFactory
    Stream<DynamicTest> proquintVectors() {
        return elements(ids().path("instance_id").path("proquint_vectors")).stream().map(v -> dynamicTest(
                "proquint " + v.path("hex8").asText(), () -> {
                    assertEquals(v.path("proquint").asText(), Proquint.of(v.path("int").asLong()));
                    assertEquals(v.path("proquint").asText(), Proquint.ofInstanceId(v.path("hex8").asText()));
                }));
    }

    @Test
    void legacyInstanceId() {
        JsonNode v = ids().path("instance_id").path("legacy_0_4_instance_id");
        JsonNode p = v.path("params");
        assertEquals(v.path("output").asText(), InstanceIdDerivation.legacyInstanceId(p.path("platform").asText(),
                p.path("hostname").asText(), p.path("sysversion").asText(), p.path("node_id").asText(),
                p.path("database_id").asText(), p.path("db_path").asText()));
    }

    @Test
    void emptyComputedSourceIdIsRefused() {
        ModelIdentityRule facility = TEST_APP_RULES.get("Facility");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> facility.derive(Map.of("name", ""), null));
        assertTrue(e.getMessage().contains("facility"), e.getMessage());
    }

    @Test
    void randomSourceIdIsA32HexUuid() {
        ModelIdentity identity = TEST_APP_RULES.get("InteractionLog")
                .derive(Map.of("user_id", "8792b19af51e86710beb3cf182bc5ac6"), null);
        assertTrue(identity.sourceId().matches("[0-9a-f]{32}"), identity.sourceId());
        assertEquals(MorangoIds.sha2Uuid(identity.partition(), identity.sourceId(), "contentinteractionlog"), identity.modelUuid());
    }
}
