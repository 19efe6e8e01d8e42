package org.facilitysync.core.internal.exchange;

import java.util.Set;

/** Which FSIC format a transfer uses: v2 when both sides have {@code FSIC_V2_FORMAT}, else Morango's legacy v1. */
public enum FsicFormat {
    V1,
    V2;

    /** The capability that selects v2. */
    public static final String V2_CAPABILITY = "FSIC_V2_FORMAT";

    /** The format for the capabilities both sides have. */
    public static FsicFormat of(Set<String> capabilities) {
        return capabilities.contains(V2_CAPABILITY) ? V2 : V1;
    }
}
