package org.facilitysync.core.internal.http.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** Options of a {@link MorangoHttpClient}: made by {@link MorangoHttpClient#builder(String)}. */
public final class MorangoHttpClientBuilder {
    final URI baseUrl;
    String userAgent = MorangoHttpClient.DEFAULT_USER_AGENT;
    RetryPolicy retry = RetryPolicy.defaults();
    Duration connectTimeout = Duration.ofSeconds(20);
    String trustedCertificatePem;
    int bufferGzipLevel = GzipBody.MORANGO_LEVEL;

    MorangoHttpClientBuilder(String baseUrl) {
        this.baseUrl = PeerBaseUrl.of(baseUrl);
    }

    public MorangoHttpClientBuilder userAgent(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the User-Agent must not be blank");
        }
        this.userAgent = value;
        return this;
    }

    public MorangoHttpClientBuilder retryPolicy(RetryPolicy value) {
        this.retry = Objects.requireNonNull(value, "retry policy");
        return this;
    }

    public MorangoHttpClientBuilder connectTimeout(Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("the connect timeout must be positive, got " + value);
        }
        this.connectTimeout = value;
        return this;
    }

    /**
     * Trusts (only) the X.509 certificate(s) of this PEM text for https, e.g. a hub's self-signed
     * certificate. Without it the JDK's default trust applies.
     */
    public MorangoHttpClientBuilder trustedCertificatePem(String pem) {
        TlsTrust.trusting(pem); // fail here, naming the problem, not at first use
        this.trustedCertificatePem = pem;
        return this;
    }

    /**
     * The gzip level of pushed chunks, 1 (fastest) to 9. Default 9, Morango's, whose bodies equal a Morango
     * client's byte for byte; any level is valid gzip to a peer.
     */
    public MorangoHttpClientBuilder bufferGzipLevel(int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("the gzip level of pushed chunks is 1 to 9, not " + level);
        }
        this.bufferGzipLevel = level;
        return this;
    }

    public MorangoHttpClient build() {
        return new MorangoHttpClient(this);
    }
}

