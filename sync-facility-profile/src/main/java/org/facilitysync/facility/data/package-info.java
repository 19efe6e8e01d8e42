/**
 * The facility profile's data for other bundles: Kolibri's two scope definitions and the rule for who
 * may obtain which certificate ({@link org.facilitysync.facility.data.FacilityScopes}), and a seeded,
 * streaming generator of whole facilities and of random edits for demos, benchmarks and convergence
 * tests ({@link org.facilitysync.facility.data.FacilityDataGenerator},
 * {@link org.facilitysync.facility.data.RandomEdits}).
 */
@Export
@Version("1.0.0")
package org.facilitysync.facility.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
