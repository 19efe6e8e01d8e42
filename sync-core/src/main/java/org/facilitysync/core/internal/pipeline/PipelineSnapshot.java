package org.facilitysync.core.internal.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.SyncStage;

/**
 * The whole pipeline at one moment: every stage's operations in the order they are asked, and the
 * hooks in the order they are called. Immutable, so a transfer session can keep one for its whole life
 * and readers need no lock.
 */
public final class PipelineSnapshot {

    /** The pipeline with nothing registered. */
    public static final PipelineSnapshot EMPTY = of(List.of(), List.of());

    private final Map<SyncStage, List<RankedOperation>> operations;
    private final Map<SyncStage, List<PipelineEntry>> operationEntries;
    private final List<RankedHook> hooks;
    private final List<PipelineEntry> hookEntries;

    private PipelineSnapshot(Map<SyncStage, List<RankedOperation>> operations, List<RankedHook> hooks) {
        Map<SyncStage, List<PipelineEntry>> entries = new EnumMap<>(SyncStage.class);
        operations.forEach((stage, ranked) -> entries.put(stage, ranked.stream().map(RankedOperation::entry).toList()));
        this.operations = Collections.unmodifiableMap(operations);
        this.operationEntries = Collections.unmodifiableMap(entries);
        this.hooks = hooks;
        this.hookEntries = hooks.stream().map(RankedHook::entry).toList();
    }

    /** A snapshot of {@code operations} and {@code hooks}, each put in its order. */
    public static PipelineSnapshot of(Collection<RankedOperation> operations, Collection<RankedHook> hooks) {
        Map<SyncStage, List<RankedOperation>> byStage = new EnumMap<>(SyncStage.class);
        for (SyncStage stage : SyncStage.values()) {
            List<RankedOperation> ofStage = new ArrayList<>();
            for (RankedOperation operation : operations) {
                if (operation.entry().stages().contains(stage)) {
                    ofStage.add(operation);
                }
            }
            ofStage.sort(RankedOperation.ORDER);
            byStage.put(stage, List.copyOf(ofStage));
        }
        List<RankedHook> sortedHooks = new ArrayList<>(hooks);
        sortedHooks.sort(RankedHook.ORDER);
        return new PipelineSnapshot(byStage, List.copyOf(sortedHooks));
    }

    /** The operations of {@code stage}, in the order they are asked. */
    public List<RankedOperation> operations(SyncStage stage) {
        return operations.get(stage);
    }

    /** What operators see of {@link #operations(SyncStage)}. */
    public List<PipelineEntry> operationEntries(SyncStage stage) {
        return operationEntries.get(stage);
    }

    /** The hooks, in the order they are called. */
    public List<RankedHook> hooks() {
        return hooks;
    }

    /** What operators see of {@link #hooks()}. */
    public List<PipelineEntry> hookEntries() {
        return hookEntries;
    }

    @Override
    public String toString() {
        return "pipeline snapshot " + operationEntries + ", hooks " + hookEntries;
    }
}
