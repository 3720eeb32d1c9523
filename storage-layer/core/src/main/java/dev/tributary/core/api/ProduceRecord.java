package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Min;
import java.util.Map;

/**
 * One record of a JSON produce: key and value (text, or base64 as the request says; either
 * may be null), headers (name -> text or null), an explicit partition (else the key picks
 * one), and a timestamp in epoch milliseconds (else the service's time).
 */
public record ProduceRecord(@Nullable String key, @Nullable String value, @Nullable Map<String, String> headers,
                            @Nullable Integer partition, @Nullable @Min(0) Long timestamp) {

    /** A record with a key and a value only. */
    public static ProduceRecord of(String key, String value) {
        return new ProduceRecord(key, value, null, null, null);
    }
}
