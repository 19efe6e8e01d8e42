package org.facilitysync.api.facility;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Fields an application adds to this node's {@code GET /api/morango/v1/morangoinfo/1/}, before Morango's
 * own, as Kolibri adds {@code "kolibri": "0.17.5"}. Registered as a service; with several, the fields of
 * all are written in {@code service.ranking} order (a key written once).
 */
@ConsumerType
public interface MorangoInfoContributor {

    /** The fields, in the order to write them; values are Strings, Numbers or Booleans. */
    Map<String, Object> morangoInfoFields();
}
