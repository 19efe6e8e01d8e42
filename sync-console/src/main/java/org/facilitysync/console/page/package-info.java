/** The "Sync" page of the Felix Web Console ({@code /system/console/sync}). */
package org.facilitysync.console.page;
