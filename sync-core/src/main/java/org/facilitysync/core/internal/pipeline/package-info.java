/**
 * The whiteboard of sync operations and hooks: parsing their service properties, ordering them, and
 * publishing immutable {@link org.facilitysync.core.internal.pipeline.PipelineSnapshot}s that transfer
 * sessions run with.
 */
package org.facilitysync.core.internal.pipeline;
