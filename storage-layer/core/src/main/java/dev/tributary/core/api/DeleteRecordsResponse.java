package dev.tributary.core.api;

/** The answer of delete-records: the partition's new earliest offset and its latest. */
public record DeleteRecordsResponse(String topic, int partition, long earliestOffset, long latestOffset) {
}
