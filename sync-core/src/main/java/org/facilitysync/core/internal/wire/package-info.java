/**
 * Morango's wire resources, one class each: the only place that writes and reads a resource's JSON, used
 * by the server ({@code http/server}) and the client ({@code http/client}) alike, so a field name is
 * spelled once. {@link org.facilitysync.core.internal.wire.WireJson} is the edge's one configured Jackson
 * mapper; {@link org.facilitysync.core.internal.wire.WireObject} reads a request body's fields with the
 * refusal texts a client sees. Answers are written as Jackson writes them (Django REST framework's
 * compact form), request bodies as Python's {@code json.dumps} writes them ({@code identity/PythonJson}),
 * exactly as Morango's server and client do.
 *
 * <p>A buffer record's own JSON stays with {@code BufferRecord} in {@code internal.exchange}
 * ({@code BufferRecordJson} writes it, {@code BufferRecordStream} and {@code BufferRecordParser} read it):
 * the engine's in-process peer and chunk receiver use it too, and the engine must not depend on this
 * package. {@link org.facilitysync.core.internal.wire.BufferPage} and
 * {@link org.facilitysync.core.internal.wire.BufferChunk} are the resources made of such records.
 */
package org.facilitysync.core.internal.wire;
