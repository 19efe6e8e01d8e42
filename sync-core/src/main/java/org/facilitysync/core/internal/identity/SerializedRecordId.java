package org.facilitysync.core.internal.identity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The rule that a record's serialized data names the record itself: its top-level {@code id}, where it
 * has one, is the record's model uuid (which the model's id rule gives). A record whose data names
 * another record's id would be stored under one id and loaded as another; the receiver refuses it
 * before storing it, and the deserializer never applies it.
 */
public final class SerializedRecordId {

    private static final JsonFactory JSON = new JsonFactory();

    private SerializedRecordId() {
    }

    /** Why {@code serializedId} does not name the record {@code modelUuid}, or null when it does. */
    public static String mismatch(String modelUuid, String serializedId) {
        if (serializedId == null || serializedId.equals(modelUuid)) {
            return null;
        }
        return "serialized holds id '" + serializedId + "', not the record's model_uuid '" + modelUuid + "'";
    }

    /**
     * Why the serialized data does not name the record {@code modelUuid}, or null when it does, has no
     * string id, or is not a JSON object (what else is wrong with it the deserializer reports).
     */
    public static String problem(String modelUuid, String serialized) {
        if (serialized == null || serialized.indexOf("\"id\"") < 0) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(serialized)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken token = parser.nextToken();
                if (key.equals("id") && token == JsonToken.VALUE_STRING) {
                    return mismatch(modelUuid, parser.getText());
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
