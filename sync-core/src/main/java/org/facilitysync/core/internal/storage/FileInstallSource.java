package org.facilitysync.core.internal.storage;

/**
 * The file Apache Felix FileInstall read a configuration from ({@code felix.fileinstall.filename}, a
 * {@code file:} URL; empty when the configuration came another way), so that a message about a wrong value
 * names the file to fix. A component property type of its own, not an attribute of
 * {@link StorageConfiguration}: it is not a setting, and must not show in Metatype.
 */
@interface FileInstallSource {

    String felix_fileinstall_filename() default "";
}
