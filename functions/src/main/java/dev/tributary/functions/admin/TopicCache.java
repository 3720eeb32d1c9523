package dev.tributary.functions.admin;

import dev.tributary.storage.Topic;
import dev.tributary.storage.TopicStore;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A short-lived cache of topic records for the hot produce and fetch paths, so each request
 * does not pay a DynamoDB read for metadata that rarely changes. Entries live one second:
 * a topic deleted or re-created elsewhere is noticed within that time, and because records
 * are filed under the topic id, a stale entry can never mix two incarnations of a name
 * (a write under a deleted id is unreachable). Thread-safe.
 */
@Singleton
public class TopicCache {
    static final long TTL_MS = 1_000;
    private final TopicStore topics;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public TopicCache(TopicStore topics, Clock clock) {
        this.topics = topics;
        this.clock = clock;
    }

    public Topic get(String name) {
        Entry e = entries.get(name);
        if (e != null && clock.millis() - e.loadedAtMs < TTL_MS) {
            return e.topic;
        }
        return refresh(name);
    }

    public Topic refresh(String name) {
        try {
            Topic topic = topics.get(name);
            put(topic);
            return topic;
        } catch (RuntimeException e) {
            entries.remove(name);
            throw e;
        }
    }

    void put(Topic topic) {
        entries.put(topic.name(), new Entry(topic, clock.millis()));
    }

    void invalidate(String name) {
        entries.remove(name);
    }

    private record Entry(Topic topic, long loadedAtMs) {
    }
}
