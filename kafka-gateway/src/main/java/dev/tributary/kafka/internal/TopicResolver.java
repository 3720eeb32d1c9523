package dev.tributary.kafka.internal;

import dev.tributary.core.api.TopicList;
import dev.tributary.core.error.ApiException;
import dev.tributary.functions.admin.TopicService;
import dev.tributary.storage.Errors;
import dev.tributary.storage.Topic;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;

/**
 * Finds topics by name or by Kafka topic id (newer Fetch, Produce, Metadata and
 * DeleteTopics versions name topics by id). A Kafka topic id is Tributary's topic id, so a
 * topic deleted and re-created under the same name gets a new one, as in Kafka.
 *
 * <p>Ids seen are remembered; an unknown id is looked up once by listing the topics. Nothing
 * here is needed for correctness across restarts. Thread-safe.
 */
public final class TopicResolver {
    private final TopicService topics;
    private final Map<Uuid, String> names = new ConcurrentHashMap<>();

    public TopicResolver(TopicService topics) {
        this.topics = topics;
    }

    public static Uuid kafkaId(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /** The live topic of that name; {@code TOPIC_NOT_FOUND} / {@code INVALID_TOPIC_NAME} otherwise. */
    public Topic byName(String name) {
        Topic topic = topics.require(name);
        names.put(kafkaId(topic.topicId()), topic.name());
        return topic;
    }

    /** The live topic with that id, if any. */
    public Optional<Topic> byId(Uuid id) {
        String name = names.get(id);
        if (name != null) {
            Optional<Topic> topic = find(name).filter(t -> kafkaId(t.topicId()).equals(id));
            if (topic.isPresent()) {
                return topic;
            }
            names.remove(id);
        }
        for (TopicList.Entry t : topics.list().topics()) {
            Optional<Topic> topic = find(t.name());
            if (topic.isPresent() && kafkaId(topic.get().topicId()).equals(id)) {
                return topic;
            }
        }
        return Optional.empty();
    }

    /** The topic named by {@code name}, or by {@code id} when the name is empty (the request's version uses ids). */
    public Topic resolve(String name, Uuid id) {
        if (name != null && !name.isEmpty()) {
            return byName(name);
        }
        if (id == null || Uuid.ZERO_UUID.equals(id)) {
            throw Errors.topicNotFound(String.valueOf(name));
        }
        return byId(id).orElseThrow(() -> new UnknownTopicIdException(id));
    }

    private Optional<Topic> find(String name) {
        try {
            return Optional.of(byName(name));
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    /** No live topic has this id (Kafka's {@code UNKNOWN_TOPIC_ID}). */
    public static final class UnknownTopicIdException extends org.apache.kafka.common.errors.UnknownTopicIdException {
        public UnknownTopicIdException(Uuid id) {
            super("No topic has id " + id + ".");
        }
    }
}
