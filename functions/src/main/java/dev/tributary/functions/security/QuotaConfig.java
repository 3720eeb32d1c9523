package dev.tributary.functions.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code tributary.quotas.*}: the default limits every principal gets unless an override
 * says otherwise (set through {@code /v1/quotas}). A value below 0 is unlimited, the
 * default. Limits are per instance: see docs/security.md for how they compose with Lambda
 * concurrency. Mutable only while Micronaut binds it.
 */
@ConfigurationProperties("tributary.quotas")
public class QuotaConfig {
    private long produceBytesPerSecond = -1;
    private long fetchBytesPerSecond = -1;
    private long requestsPerSecond = -1;
    /** How much unused allowance a principal may save up, as a multiple of one second's worth. */
    private Duration burst = Duration.ofSeconds(1);
    /** How long an instance uses the overrides it read before reading them again. */
    private Duration overrideCacheTtl = Duration.ofSeconds(5);

    public long getProduceBytesPerSecond() { return produceBytesPerSecond; }
    public void setProduceBytesPerSecond(long v) { this.produceBytesPerSecond = v; }
    public long getFetchBytesPerSecond() { return fetchBytesPerSecond; }
    public void setFetchBytesPerSecond(long v) { this.fetchBytesPerSecond = v; }
    public long getRequestsPerSecond() { return requestsPerSecond; }
    public void setRequestsPerSecond(long v) { this.requestsPerSecond = v; }
    public Duration getBurst() { return burst; }
    public void setBurst(Duration burst) { this.burst = burst; }
    public Duration getOverrideCacheTtl() { return overrideCacheTtl; }
    public void setOverrideCacheTtl(Duration overrideCacheTtl) { this.overrideCacheTtl = overrideCacheTtl; }
}
