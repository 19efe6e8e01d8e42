package org.facilitysync.core.internal.exchange;

import java.util.HashSet;
import java.util.Set;

import org.facilitysync.core.internal.identity.ReceivedModelUuidCheck;
import org.facilitysync.core.internal.identity.SerializedRecordId;

/**
 * Whether a received record may enter this transfer session's buffer: Morango's
 * {@code validate_and_create_buffer_data} checks, plus what our database needs to store the record
 * without failing the whole chunk.
 *
 * <ul>
 * <li>it names this transfer session, and so does every {@code rmcb_list} entry, each for this record's
 * model uuid and a distinct instance;</li>
 * <li>its partition lies within the transfer session's filter (a node never accepts a record outside
 * the scope it granted);</li>
 * <li>its model uuid recomputes from partition, source id and model name with the model's rule (a
 * sender cannot choose ids for records it does not own), and its serialized data names no other id;</li>
 * <li>ids are Morango ids (32 lowercase hex), names and source ids fit their columns, and no text holds
 * a NUL character (PostgreSQL cannot store one).</li>
 * </ul>
 * The profile is not checked: the receiver replaces it with its session's profile.
 */
final class ReceivedRecordCheck {

    private static final int MODEL_NAME_LENGTH = 40;
    private static final int SOURCE_ID_LENGTH = 96;
    private static final int SELF_REF_FK_LENGTH = 32;

    private ReceivedRecordCheck() {
    }

    /** Why {@code record} is refused, or null when it is acceptable. */
    static String problem(BufferRecord record, ExchangeSession session, ModelIdRules rules) {
        if (!record.transferSessionId().equals(session.id())) {
            return "it names transfer session '" + record.transferSessionId() + "', not " + session.id();
        }
        if (!RecordRejection.isId(record.modelUuid())) {
            return "model_uuid '" + record.modelUuid() + "' is not 32 lowercase hex digits";
        }
        if (!RecordRejection.isId(record.lastSavedInstance())) {
            return "last_saved_instance '" + record.lastSavedInstance() + "' is not 32 lowercase hex digits";
        }
        if (record.modelName().isEmpty() || record.modelName().length() > MODEL_NAME_LENGTH) {
            return "model_name '" + record.modelName() + "' must have 1 to " + MODEL_NAME_LENGTH + " characters";
        }
        if (record.sourceId().length() > SOURCE_ID_LENGTH) {
            return "source_id has " + record.sourceId().length() + " characters, at most " + SOURCE_ID_LENGTH + " fit";
        }
        if (record.selfRefFk().length() > SELF_REF_FK_LENGTH) {
            return "_self_ref_fk '" + record.selfRefFk() + "' is longer than " + SELF_REF_FK_LENGTH + " characters";
        }
        String nul = fieldWithNul(record);
        if (nul != null) {
            return "'" + nul + "' contains a NUL character";
        }
        if (!session.filter().contains(record.partition())) {
            return "partition '" + record.partition() + "' is not within the transfer session's filter '"
                    + session.filter().toString().replace("\n", " ") + "'";
        }
        String expected = ReceivedModelUuidCheck.recompute(rules.ruleFor(session.profile(), record.modelName()),
                record.modelUuid(), record.partition(), record.sourceId(), record.modelName());
        if (!expected.equals(record.modelUuid())) {
            return "model_uuid does not recompute from partition '" + record.partition() + "', source id '"
                    + record.sourceId() + "' and model name (expected '" + expected + "')";
        }
        String idProblem = SerializedRecordId.problem(record.modelUuid(), record.serialized());
        if (idProblem != null) {
            return idProblem;
        }
        Set<String> instances = new HashSet<>();
        for (RecordMaxCounterBufferEntry entry : record.rmcbList()) {
            if (!entry.transferSessionId().equals(session.id())) {
                return "an rmcb_list entry names transfer session '" + entry.transferSessionId() + "', not "
                        + session.id();
            }
            if (!entry.modelUuid().equals(record.modelUuid())) {
                return "an rmcb_list entry names model_uuid '" + entry.modelUuid() + "', not the record's";
            }
            if (!RecordRejection.isId(entry.instanceId())) {
                return "rmcb_list instance_id '" + entry.instanceId() + "' is not 32 lowercase hex digits";
            }
            if (!instances.add(entry.instanceId())) {
                return "rmcb_list names instance " + entry.instanceId() + " twice";
            }
        }
        return null;
    }

    private static String fieldWithNul(BufferRecord r) {
        String[][] fields = {{"serialized", r.serialized()}, {"partition", r.partition()},
                {"source_id", r.sourceId()}, {"model_name", r.modelName()},
                {"conflicting_serialized_data", r.conflictingSerializedData()}, {"_self_ref_fk", r.selfRefFk()}};
        for (String[] field : fields) {
            if (field[1].indexOf('\0') >= 0) {
                return field[0];
            }
        }
        return null;
    }
}
