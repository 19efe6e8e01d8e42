package org.facilitysync.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The service properties of a {@link SyncOperation} component, as a component property type (as Felix's
 * {@code @HealthCheckService}): put it on a Declarative Services component that provides
 * {@code SyncOperation} instead of writing the properties by hand.
 *
 * <pre>
 * &#64;Component(service = SyncOperation.class)
 * &#64;SyncOperationStage(stage = SyncStage.CLEANUP, priority = 10)
 * public class AuditOperation implements SyncOperation { ... }
 * </pre>
 *
 * <p>The build (bnd) writes them into the component description as {@value #PREFIX_}{@code stage}
 * ({@link SyncOperation#STAGE}: a String, or String[] for several stages, of the stages' names such as
 * {@code CLEANUP}, which the pipeline reads ignoring case) and {@value #PREFIX_}{@code priority}
 * ({@link SyncOperation#PRIORITY}: an Integer). A configuration of the component may still override
 * either, as a typed value or as the String of an untyped {@code .cfg} file.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SyncOperationStage {

    /** Makes the property names {@code sync.stage} and {@code sync.priority} (the DS prefix rule). */
    String PREFIX_ = "sync.";

    /** The stages the operation takes part in: {@link SyncOperation#STAGE}. */
    SyncStage[] stage();

    /** Its priority in those stages, higher first: {@link SyncOperation#PRIORITY}. */
    int priority() default SyncOperation.DEFAULT_PRIORITY;
}
