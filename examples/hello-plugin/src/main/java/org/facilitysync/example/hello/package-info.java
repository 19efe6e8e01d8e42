/**
 * The example plugin: one stage operation and one hook. Copy this module to start a plugin.
 */
@org.osgi.annotation.bundle.Header(name = "Bundle-Category", value = "facilitysync-plugin")
package org.facilitysync.example.hello;
