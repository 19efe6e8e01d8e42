package org.facilitysync.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncStage;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What {@code @SyncOperationStage} becomes in the component description bnd writes (process-classes runs
 * before the tests): exactly the two service properties the pipeline reads, with the types it reads.
 */
class ComponentPropertiesTest {

    @Test
    void theOperationDeclaresItsStageAndPriorityAsThePipelineReadsThem() throws Exception {
        Map<String, String> properties = properties(
                Path.of("target/classes/OSGI-INF/" + HelloCleanupOperation.class.getName() + ".xml"));

        assertEquals("String:CLEANUP", properties.get(SyncOperation.STAGE));
        assertEquals(SyncStage.CLEANUP, SyncStage.fromWireName("CLEANUP"), "the pipeline reads stage names ignoring case");
        assertEquals("Integer:10", properties.get(SyncOperation.PRIORITY));
        assertEquals(Map.of(SyncOperation.STAGE, "String:CLEANUP", SyncOperation.PRIORITY, "Integer:10",
                "greeting", "String:Hello"), properties, "no other properties");
    }

    /** Each property as type:value (a multi-valued body's values joined with a space). */
    private static Map<String, String> properties(Path componentXml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        NodeList nodes = factory.newDocumentBuilder().parse(componentXml.toFile()).getElementsByTagName("property");
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element property = (Element) nodes.item(i);
            String value = property.hasAttribute("value") ? property.getAttribute("value")
                    : String.join(" ", property.getTextContent().strip().split("\\s*\\n\\s*"));
            properties.put(property.getAttribute("name"), property.getAttribute("type") + ":" + value);
        }
        return properties;
    }
}
