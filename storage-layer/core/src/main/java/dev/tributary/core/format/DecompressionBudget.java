package dev.tributary.core.format;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;

/**
 * How many bytes the batches of one produce request may expand to when decompressed, shared
 * by all the batches of that request. Compression lets a small body claim a huge payload
 * (a 2 MB gzip stream can expand to 2 GB); counting decompressed bytes against the same
 * limit an uncompressed body has means compression never lets a producer store more than it
 * could have sent plainly. Not thread-safe: one per request.
 */
public final class DecompressionBudget {
    private final long limit;
    private long used;

    /** @param limit decompressed bytes allowed in total, at least 1 */
    public DecompressionBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    long remaining() {
        return limit - used;
    }

    void consume(long bytes) {
        used += bytes;
    }

    ApiException exceeded() {
        return new ApiException(ErrorCode.REQUEST_TOO_LARGE, "The request's batches decompress to more than "
                + limit + " bytes, the limit for one request.").with("maxDecompressedBytes", limit);
    }
}
