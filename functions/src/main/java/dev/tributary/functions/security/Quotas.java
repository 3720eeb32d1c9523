package dev.tributary.functions.security;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.QuotaStore;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka-style client quotas, per principal and per instance: produce bytes, fetch bytes and
 * requests per second, each a token bucket holding up to {@code burst} worth of allowance.
 * Work is admitted while the bucket is not in debt and then charged in full, so one large
 * request can overdraw it; the next request waits until the debt is repaid, and is told how
 * long ({@code 429 THROTTLED}, {@code Retry-After}). Throttled requests cost nothing.
 * Limits come from an override for the principal if there is one (cached briefly), else
 * from {@link QuotaConfig}. Time comes from the injected clock. Thread-safe.
 */
@Singleton
public class Quotas {
    /** What a quota meters. */
    public enum Kind {
        PRODUCE_BYTES("produce bytes"), FETCH_BYTES("fetch bytes"), REQUESTS("requests");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final QuotaStore store;
    private final QuotaConfig config;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile Overrides overrides = new Overrides(Map.of(), Long.MIN_VALUE);

    private record Overrides(Map<String, QuotaStore.QuotaLimits> byPrincipal, long expiresAtMs) {
    }

    public Quotas(QuotaStore store, QuotaConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Admits and charges {@code amount} of {@code kind} for {@code principal}.
     *
     * @throws ApiException THROTTLED, with {@code retryAfterMs}, while the principal is in debt
     */
    public void acquire(Principal principal, Kind kind, long amount) {
        long rate = limit(principal, kind);
        if (rate < 0) {
            return;
        }
        long waitMs = bucket(principal, kind, rate).tryTake(amount, clock.millis());
        if (waitMs > 0) {
            throw new ApiException(ErrorCode.THROTTLED, principal + " is over its quota of " + rate + " "
                    + kind.label + " per second; retry in " + waitMs + " ms.")
                    .with("quota", kind.name()).with("limitPerSecond", rate).with("retryAfterMs", waitMs);
        }
    }

    /** Charges work already done (e.g. the bytes of a fetch answer) without refusing it. */
    public void record(Principal principal, Kind kind, long amount) {
        long rate = limit(principal, kind);
        if (rate >= 0) {
            bucket(principal, kind, rate).charge(amount, clock.millis());
        }
    }

    /**
     * Charges work done and answers how long the principal should now pause (0: not in
     * debt). For protocols that throttle after the fact, as Kafka does with
     * {@code throttle_time_ms}, instead of refusing the request.
     */
    public long charge(Principal principal, Kind kind, long amount) {
        long rate = limit(principal, kind);
        if (rate < 0) {
            return 0;
        }
        Bucket bucket = bucket(principal, kind, rate);
        long now = clock.millis();
        bucket.charge(amount, now);
        return bucket.waitMs(now);
    }

    /** The limit in force for a principal: its override if set, else the default; below 0 unlimited. */
    public long limit(Principal principal, Kind kind) {
        QuotaStore.QuotaLimits o = overrides().get(principal.toString());
        Long override = o == null ? null : switch (kind) {
            case PRODUCE_BYTES -> o.produceBytesPerSecond();
            case FETCH_BYTES -> o.fetchBytesPerSecond();
            case REQUESTS -> o.requestsPerSecond();
        };
        if (override != null) {
            return override;
        }
        return switch (kind) {
            case PRODUCE_BYTES -> config.getProduceBytesPerSecond();
            case FETCH_BYTES -> config.getFetchBytesPerSecond();
            case REQUESTS -> config.getRequestsPerSecond();
        };
    }

    public Map<String, QuotaStore.QuotaLimits> overrides() {
        long now = clock.millis();
        Overrides o = overrides;
        if (o.expiresAtMs() <= now) {
            o = new Overrides(Map.copyOf(store.list()), now + config.getOverrideCacheTtl().toMillis());
            overrides = o;
        }
        return o.byPrincipal();
    }

    public void setOverride(Principal principal, QuotaStore.QuotaLimits limits) {
        store.put(principal.toString(), limits);
        overrides = new Overrides(Map.of(), Long.MIN_VALUE);
    }

    public boolean removeOverride(Principal principal) {
        boolean removed = store.remove(principal.toString());
        overrides = new Overrides(Map.of(), Long.MIN_VALUE);
        return removed;
    }

    private Bucket bucket(Principal principal, Kind kind, long rate) {
        Bucket b = buckets.computeIfAbsent(principal + "|" + kind, k -> new Bucket(rate, burstMs(), clock.millis()));
        b.setRate(rate, burstMs());
        return b;
    }

    private long burstMs() {
        return Math.max(1, config.getBurst().toMillis());
    }

    /** A token bucket that may go into debt. */
    private static final class Bucket {
        private double ratePerMs;
        private double capacity;
        private double tokens;
        private long lastMs;

        Bucket(long ratePerSecond, long burstMs, long nowMs) {
            setRate(ratePerSecond, burstMs);
            this.tokens = capacity;
            this.lastMs = nowMs;
        }

        synchronized void setRate(long ratePerSecond, long burstMs) {
            this.ratePerMs = ratePerSecond / 1000.0;
            this.capacity = Math.max(1, ratePerSecond * (burstMs / 1000.0));
            this.tokens = Math.min(tokens, capacity);
        }

        /** @return 0 if admitted (and charged), else how many ms until it would be */
        synchronized long tryTake(long amount, long nowMs) {
            long waitMs = waitMs(nowMs);
            if (waitMs == 0) {
                tokens -= amount;
            }
            return waitMs;
        }

        synchronized void charge(long amount, long nowMs) {
            refill(nowMs);
            tokens -= amount;
        }

        /** How many ms until the bucket is out of debt (0 if it is not in debt). */
        synchronized long waitMs(long nowMs) {
            refill(nowMs);
            if (tokens > 0) {
                return 0;
            }
            return ratePerMs <= 0 ? 1000 : Math.max(1, (long) Math.ceil((1 - tokens) / ratePerMs));
        }

        private void refill(long nowMs) {
            if (nowMs > lastMs) {
                tokens = Math.min(capacity, tokens + (nowMs - lastMs) * ratePerMs);
                lastMs = nowMs;
            }
        }
    }
}
