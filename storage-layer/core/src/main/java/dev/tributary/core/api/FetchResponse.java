package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Map;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code GET /v1/topics/{topic}/partitions/{p}/records}: the records read, where to read
 * next, the partition's high watermark and earliest offset, and the offsets skipped
 * because their stored bytes could not be decoded ({@code corruptRanges}, absent when
 * there are none). Keys, values and header values are text, or base64 when asked for.
 */
@Schema(description = "Records read, where to read next, the high watermark and the earliest offset.")
public record FetchResponse(List<FetchedRecord> records, Long nextOffset, Long highWatermark, Long logStartOffset,
                            @Nullable List<CorruptRange> corruptRanges) {

    /** One record; {@code key}, {@code value} and header values may be null. */
    public record FetchedRecord(long offset, Long timestamp, @Nullable String key, @Nullable String value,
                                Map<String, String> headers) {
    }

    /** Offsets {@code [fromOffset, toOffset)} that were skipped, with the error that made them unreadable. */
    public record CorruptRange(long fromOffset, long toOffset, String errorCode, String detail) {
    }
}
