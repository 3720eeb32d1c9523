package dev.tributary.core.api;

import java.util.List;

/** {@code GET /v1/topics}: the topics the caller may see, with their partition counts. */
public record TopicList(List<Entry> topics) {

    /** One topic of the list. */
    public record Entry(String name, int partitions) {
    }
}
