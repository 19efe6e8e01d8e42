package org.facilitysync.core.internal.certificate;

/**
 * A certificate (or a chain) that must not be trusted; names the certificate and the rule it broke.
 */
public class CertificateVerificationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The rule a certificate failed; Morango's exception class is given where there is one. */
    public enum Rule {
        /** The certificate text is not what Morango serializes. */
        MALFORMED("malformed certificate"),
        /** The id beside a chain entry differs from the id in its signed text (Morango: "Serialized ID does not match"). */
        OUTER_ID_MISMATCH("outer id does not match the signed id"),
        /** A chain entry is not the certificate its successor names as parent (Morango: "ID does not match expected value"). */
        UNEXPECTED_ID("not the expected certificate"),
        /** The chain's first certificate has a parent (Morango: "First cert in chain must be a root cert"). */
        CHAIN_NOT_ROOTED("chain does not start at a root"),
        /** The id does not recompute from public key, profile and salt ({@code CertificateIDInvalid}). */
        ID_INVALID("id does not recompute"),
        /** The signature does not verify with the signer's key ({@code CertificateSignatureInvalid}). */
        SIGNATURE_INVALID("signature invalid"),
        /** A root's scope has a partition not under its own id ({@code CertificateRootScopeInvalid}). */
        ROOT_SCOPE_INVALID("root scope not under its own id"),
        /** A child's scope is wider than its parent's ({@code CertificateScopeNotSubset}). */
        SCOPE_NOT_SUBSET("scope not a subset of the parent's"),
        /** A child's profile differs from its parent's ({@code CertificateProfileInvalid}). */
        PROFILE_INVALID("profile differs from the parent's"),
        /** The parent of a child certificate is not known. */
        PARENT_UNKNOWN("parent certificate unknown"),
        /** The certificate's scope definition is not known on this node. */
        SCOPE_DEFINITION_UNKNOWN("scope definition unknown");

        private final String summary;

        Rule(String summary) {
            this.summary = summary;
        }

        /** A short description of the rule. */
        public String summary() {
            return summary;
        }
    }

    private final String certificateId;
    private final Rule rule;

    public CertificateVerificationException(String certificateId, Rule rule, String detail) {
        super("certificate " + certificateId + ": " + rule.summary() + ": " + detail);
        this.certificateId = certificateId;
        this.rule = rule;
    }

    /** The id of the certificate that failed. */
    public String certificateId() {
        return certificateId;
    }

    /** The rule it failed. */
    public Rule rule() {
        return rule;
    }
}
