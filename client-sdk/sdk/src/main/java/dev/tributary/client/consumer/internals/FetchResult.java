package dev.tributary.client.consumer.internals;

import dev.tributary.core.format.LogRecord;
import java.util.List;

/**
 * What one read of a partition produced. Immutable by convention.
 *
 * @param records       records from the requested offset on, in offset order, maybe empty
 * @param nextOffset    the offset to read next
 * @param sizeInBytes   bytes the records occupy in memory, for the prefetch bound
 * @param topicId       the topic's id as the service reported it, or null
 * @param highWatermark the partition's next offset to be written, or -1
 */
public record FetchResult(List<LogRecord> records, long nextOffset, long sizeInBytes, String topicId,
                          long highWatermark) {
}
