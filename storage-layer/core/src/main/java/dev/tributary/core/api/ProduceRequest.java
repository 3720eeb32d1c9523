package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /v1/topics/{topic}/records} as JSON: the records, how their keys and values
 * are written ({@code string}, the default, or {@code base64}), and optionally where the
 * log is expected to end: {@code expectedOffset} when every record goes to one partition,
 * else {@code expectedOffsets} (partition number -> offset), not both.
 */
@Schema(description = "Records to append, with how their keys and values are written and where the log is expected to end.")
public record ProduceRequest(@NotNull(message = "must be a JSON array of records")
                             @Size(min = 1, message = "is empty; send at least one record") List<ProduceRecord> records,
                             @Nullable @Pattern(regexp = ENCODINGS, message = "must be 'string' or 'base64'") String keyEncoding,
                             @Nullable @Pattern(regexp = ENCODINGS, message = "must be 'string' or 'base64'") String valueEncoding,
                             @Nullable @Min(0) Long expectedOffset,
                             @Nullable Map<String, Long> expectedOffsets) {
    /** {@code utf8} is accepted as a synonym of {@code string}. */
    static final String ENCODINGS = "string|utf8|base64";

    /** Records with UTF-8 keys and values. */
    public static ProduceRequest of(List<ProduceRecord> records) {
        return new ProduceRequest(records, null, null, null, null);
    }

    /** Whether keys are base64. */
    public boolean base64Keys() {
        return "base64".equals(keyEncoding);
    }

    /** Whether values are base64. */
    public boolean base64Values() {
        return "base64".equals(valueEncoding);
    }
}
