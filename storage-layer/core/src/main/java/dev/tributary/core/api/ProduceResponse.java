package dev.tributary.core.api;

import java.util.List;

/** The answer to a JSON produce: where each record was stored, in request order. */
public record ProduceResponse(List<RecordOffset> offsets) {

    /** A stored record's partition, offset and timestamp (epoch milliseconds). */
    public record RecordOffset(int partition, long offset, long timestamp) {
    }
}
