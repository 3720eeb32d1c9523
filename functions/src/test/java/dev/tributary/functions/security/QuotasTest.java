package dev.tributary.functions.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.MutableClock;
import dev.tributary.storage.QuotaStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token buckets per principal, on a clock the test moves: throttling, Retry-After, recovery, overrides. */
class QuotasTest {
    private final MutableClock clock = new MutableClock();
    private final InMemoryQuotaStore store = new InMemoryQuotaStore();
    private final QuotaConfig config = new QuotaConfig();
    private final Quotas quotas = new Quotas(store, config, clock);
    private final Principal alice = Principal.parse("User:alice");

    /** An in-memory {@link QuotaStore}. */
    static final class InMemoryQuotaStore implements QuotaStore {
        final Map<String, QuotaLimits> limits = new HashMap<>();

        @Override
        public void put(String principal, QuotaLimits l) {
            limits.put(principal, l);
        }

        @Override
        public boolean remove(String principal) {
            return limits.remove(principal) != null;
        }

        @Override
        public Map<String, QuotaLimits> list() {
            return Map.copyOf(limits);
        }
    }

    private long throttledFor(Quotas.Kind kind, long amount) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> quotas.acquire(alice, kind, amount));
        assertThat(e).as("throttled").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.THROTTLED);
        return (Long) e.extensions().get("retryAfterMs");
    }

    @Test
    void unlimitedByDefault() {
        for (int i = 0; i < 10_000; i++) {
            quotas.acquire(alice, Quotas.Kind.REQUESTS, 1);
        }
        quotas.acquire(alice, Quotas.Kind.PRODUCE_BYTES, Long.MAX_VALUE / 2);
    }

    @Test
    void charge_servesEverything_andAnswersHowLongThePrincipalShouldPause() {
        assertThat(quotas.charge(alice, Quotas.Kind.PRODUCE_BYTES, 1_000_000)).isZero(); // unlimited
        config.setProduceBytesPerSecond(1000);
        assertThat(quotas.charge(alice, Quotas.Kind.PRODUCE_BYTES, 500)).isZero();
        long waitMs = quotas.charge(alice, Quotas.Kind.PRODUCE_BYTES, 2_500);
        assertThat(waitMs).isEqualTo(2_001); // 2,000 bytes of debt plus one to be back above zero, at 1 byte/ms
        clock.advance(Duration.ofMillis(waitMs));
        assertThat(quotas.charge(alice, Quotas.Kind.PRODUCE_BYTES, 0)).isZero();
    }

    @Test
    void requestRate_throttlesThenRecovers() {
        config.setRequestsPerSecond(2);
        quotas.acquire(alice, Quotas.Kind.REQUESTS, 1);
        quotas.acquire(alice, Quotas.Kind.REQUESTS, 1);

        assertThat(throttledFor(Quotas.Kind.REQUESTS, 1)).isBetween(1L, 1000L);
        assertThat(throttledFor(Quotas.Kind.REQUESTS, 1)).as("a refused request costs nothing").isBetween(1L, 1000L);

        clock.advance(Duration.ofSeconds(1));
        assertThatCode(() -> quotas.acquire(alice, Quotas.Kind.REQUESTS, 1)).doesNotThrowAnyException();
    }

    @Test
    void aLargeRequest_overdraws_andTheNextWaitsForTheDebt() {
        config.setProduceBytesPerSecond(1000);
        quotas.acquire(alice, Quotas.Kind.PRODUCE_BYTES, 5000);

        long wait = throttledFor(Quotas.Kind.PRODUCE_BYTES, 10);
        assertThat(wait).isBetween(4000L, 4100L);

        clock.advance(Duration.ofMillis(wait));
        quotas.acquire(alice, Quotas.Kind.PRODUCE_BYTES, 10);
    }

    @Test
    void fetchBytes_chargedAfterTheFact_slowTheNextFetch() {
        config.setFetchBytesPerSecond(1000);
        quotas.acquire(alice, Quotas.Kind.FETCH_BYTES, 0);
        quotas.record(alice, Quotas.Kind.FETCH_BYTES, 3000);

        assertThat(throttledFor(Quotas.Kind.FETCH_BYTES, 0)).isBetween(2000L, 2100L);
    }

    @Test
    void principalsHaveTheirOwnBuckets_andOverridesBeatDefaults() {
        config.setRequestsPerSecond(1);
        Principal bob = Principal.parse("User:bob");
        quotas.setOverride(bob, new QuotaStore.QuotaLimits(null, null, -1L));
        quotas.acquire(alice, Quotas.Kind.REQUESTS, 1);
        throttledFor(Quotas.Kind.REQUESTS, 1);

        for (int i = 0; i < 100; i++) {
            quotas.acquire(bob, Quotas.Kind.REQUESTS, 1);
        }
        assertThat(quotas.limit(bob, Quotas.Kind.PRODUCE_BYTES)).as("unset fields keep the default").isEqualTo(-1);

        quotas.setOverride(alice, new QuotaStore.QuotaLimits(null, null, 100L));
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            quotas.acquire(alice, Quotas.Kind.REQUESTS, 1);
        }
    }
}
