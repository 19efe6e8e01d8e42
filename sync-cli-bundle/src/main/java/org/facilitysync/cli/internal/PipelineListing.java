package org.facilitysync.cli.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.SyncStage;
import org.osgi.framework.Bundle;

/**
 * Formats the pipeline for operators ({@code sync:pipeline}): every stage in run order with its
 * operations in the order they are asked, then the hooks. Kept apart from the command component so
 * the text can be unit tested without a framework.
 */
final class PipelineListing {

    static final String NO_OPERATION = "  (no operation: this stage errors until one is registered)";
    static final String NO_HOOK = "  (no hook)";

    private PipelineListing() {
    }

    /** Takes one consistent look at the pipeline and formats it. */
    static String of(SyncPipeline pipeline) {
        Map<SyncStage, List<PipelineEntry>> operations = new EnumMap<>(SyncStage.class);
        for (SyncStage stage : SyncStage.values()) {
            operations.put(stage, pipeline.operations(stage));
        }
        return format(operations, pipeline.hooks());
    }

    /**
     * @param operations per stage, the operations in run order (a missing stage counts as none)
     * @param hooks the hooks in call order
     */
    static String format(Map<SyncStage, List<PipelineEntry>> operations, List<PipelineEntry> hooks) {
        List<PipelineEntry> all = new ArrayList<>(hooks);
        int operationCount = 0;
        for (SyncStage stage : SyncStage.values()) {
            List<PipelineEntry> entries = operations.getOrDefault(stage, List.of());
            all.addAll(entries);
            operationCount += entries.size();
        }
        // One set of column widths for the whole listing, so stages line up with each other.
        Columns columns = Columns.fit(all);

        StringBuilder out = new StringBuilder();
        out.append("sync pipeline: ").append(SyncStage.values().length).append(" stages, ")
                .append(plural(operationCount, "operation")).append(", ").append(plural(hooks.size(), "hook"))
                .append('\n');
        out.append("operations are asked in the order listed: higher sync.priority first, then lower service id\n");
        for (SyncStage stage : SyncStage.values()) {
            List<PipelineEntry> entries = operations.getOrDefault(stage, List.of());
            out.append('\n').append(stage.wireName()).append('\n');
            if (entries.isEmpty()) {
                out.append(NO_OPERATION).append('\n');
                continue;
            }
            out.append(columns.header(true)).append('\n');
            for (PipelineEntry entry : entries) {
                out.append(columns.row(entry, true)).append('\n');
            }
        }
        out.append("\nhooks (preTransfer after initializing, postTransfer after cleanup)\n");
        if (hooks.isEmpty()) {
            out.append(NO_HOOK).append('\n');
        } else {
            out.append(columns.header(false)).append('\n');
            for (PipelineEntry hook : hooks) {
                out.append(columns.row(hook, false)).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The one-line reason why no pipeline is registered.
     *
     * @param coreState the OSGi state of the core bundle, or null when it is not installed
     */
    static String unavailable(Integer coreState) {
        String prefix = "the sync pipeline is not available: bundle " + PipelineCommand.CORE_BUNDLE;
        if (coreState == null) {
            return prefix + " is not installed";
        }
        return switch (coreState) {
            case Bundle.ACTIVE -> prefix + " is active but has not registered a SyncPipeline service (see scr:list)";
            case Bundle.STARTING -> prefix + " is still starting";
            case Bundle.STOPPING -> prefix + " is stopping";
            case Bundle.RESOLVED -> prefix + " is not active (resolved, not started)";
            case Bundle.INSTALLED -> prefix + " is not active (installed but not resolved: a requirement is missing)";
            default -> prefix + " is not active (state " + coreState + ")";
        };
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private record Columns(int priority, int service, int bundle) {

        private static final String PRIORITY = "priority";
        private static final String SERVICE = "service";
        private static final String BUNDLE = "bundle";

        static Columns fit(List<PipelineEntry> entries) {
            int priority = PRIORITY.length();
            int service = SERVICE.length();
            int bundle = BUNDLE.length();
            for (PipelineEntry e : entries) {
                priority = Math.max(priority, priorityText(e).length());
                service = Math.max(service, Long.toString(e.serviceId()).length());
                bundle = Math.max(bundle, bundleOf(e).length());
            }
            return new Columns(priority, service, bundle);
        }

        String header(boolean withPriority) {
            return line(withPriority, PRIORITY, SERVICE, BUNDLE, "class");
        }

        String row(PipelineEntry e, boolean withPriority) {
            return line(withPriority, priorityText(e), Long.toString(e.serviceId()), bundleOf(e),
                    e.className());
        }

        private String line(boolean withPriority, String priorityText, String serviceText, String bundleText,
                String classText) {
            StringBuilder line = new StringBuilder("  ");
            if (withPriority) {
                line.append(padLeft(priorityText, priority)).append("  ");
            }
            line.append(padLeft(serviceText, service)).append("  ")
                    .append(padRight(bundleText, bundle)).append("  ")
                    .append(classText);
            return line.toString().stripTrailing();
        }

        private static String bundleOf(PipelineEntry e) {
            return e.bundleSymbolicName() + " " + e.bundleVersion();
        }

        private static String padLeft(String s, int width) {
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }

        private static String padRight(String s, int width) {
            return s + " ".repeat(Math.max(0, width - s.length()));
        }
    }

    /** The engine's own operations run last; their priority reads better as a word than as Integer.MIN_VALUE. */
    private static String priorityText(PipelineEntry entry) {
        return entry.priority() == SyncOperation.ENGINE_PRIORITY ? "engine" : Integer.toString(entry.priority());
    }
}
