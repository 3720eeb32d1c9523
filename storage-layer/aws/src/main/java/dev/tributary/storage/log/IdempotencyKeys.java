package dev.tributary.storage.log;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Idempotency keys of plain HTTP produce requests ({@code Idempotency-Key} header), mapped onto
 * the log's idempotent-producer machinery: a key of a topic becomes a producer id in a
 * namespace of its own (bit 62 set, so it never meets an id from {@code POST /v1/producers}),
 * with epoch 0 and every batch at sequence 0. The first request with the key commits; a retry
 * finds the key's batch in the producer state and gets the original offsets, for as long as
 * producer state is kept. Stateless.
 */
public final class IdempotencyKeys {
    private static final long KEY_BIT = 1L << 62;
    private static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {
    }

    /** Whether {@code producerId} stands for an idempotency key (no epoch to check). */
    public static boolean isKey(long producerId) {
        return producerId >= 0 && (producerId & KEY_BIT) != 0;
    }

    /**
     * The producer id of {@code key} on {@code topicId}.
     *
     * @throws ApiException {@code INVALID_REQUEST} for an empty key, one longer than 255
     *         characters, or one with characters outside printable ASCII
     */
    public static long producerIdFor(UUID topicId, String key) {
        validate(key);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(topicId.toString().getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            byte[] d = sha.digest(key.getBytes(StandardCharsets.US_ASCII));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xFF);
            }
            return (h & (KEY_BIT - 1)) | KEY_BIT;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void validate(String key) {
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "Idempotency-Key must be 1 to " + MAX_LENGTH
                    + " characters long, not " + key.length() + ".");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new ApiException(ErrorCode.INVALID_REQUEST,
                        "Idempotency-Key may hold only printable ASCII characters without spaces.");
            }
        }
    }
}
