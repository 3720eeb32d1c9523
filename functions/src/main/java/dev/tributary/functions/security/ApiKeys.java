package dev.tributary.functions.security;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.ApiKeyStore;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys: {@code trb_} followed by 32 random bytes in base64url. Only the SHA-256 of a
 * key is stored; the key itself is shown once, when it is created. Callers send it as
 * {@code X-Api-Key}. Lookups are cached per instance for {@code api-key-cache-ttl} (unknown
 * keys too, so guessing costs no DynamoDB reads), which bounds how long a revoked key keeps
 * working on an instance that used it. Thread-safe.
 */
@Singleton
public class ApiKeys implements Authenticator {
    public static final String HEADER = "X-Api-Key";
    private static final String PREFIX = "trb_";
    private static final int MAX_CACHED = 10_000;

    private final ApiKeyStore store;
    private final Clock clock;
    private final long ttlMs;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<String> principal, long expiresAtMs) {
    }

    public ApiKeys(ApiKeyStore store, Clock clock, SecurityConfig config) {
        this.store = store;
        this.clock = clock;
        this.ttlMs = config.getApiKeyCacheTtl().toMillis();
    }

    @Override
    public String mode() {
        return "api-key";
    }

    /** A new key for {@code principal}; the returned key is not stored anywhere. */
    public String create(Principal principal) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        store.put(hash(key), principal.toString(), clock.millis());
        return key;
    }

    /** The public id of a key: the first 16 hex digits of its hash. */
    public static String keyId(String key) {
        return hash(key).substring(0, 16);
    }

    public boolean revoke(String keyId) {
        boolean removed = store.revoke(keyId);
        cache.clear();
        return removed;
    }

    @Override
    public Optional<Principal> authenticate(HttpRequest<?> request) {
        String key = request.getHeaders().get(HEADER);
        if (key == null) {
            return Optional.empty();
        }
        return Optional.of(authenticateKey(key));
    }

    /**
     * The principal of an API key presented outside an HTTP request (the Kafka gateway's
     * SASL/PLAIN password), with the same checks and cache as the {@code X-Api-Key} header.
     *
     * @throws ApiException {@code UNAUTHORIZED} when the key is malformed, unknown or revoked
     */
    public Principal authenticateKey(String key) {
        if (key == null || !key.startsWith(PREFIX) || key.length() != PREFIX.length() + 43) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "The API key is malformed.");
        }
        String hash = hash(key);
        long now = clock.millis();
        Cached cached = cache.get(hash);
        if (cached == null || cached.expiresAtMs() <= now) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cached = new Cached(store.principalOf(hash), now + ttlMs);
            cache.put(hash, cached);
        }
        return cached.principal().map(Principal::parse)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "The API key is not known (or was revoked)."));
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
