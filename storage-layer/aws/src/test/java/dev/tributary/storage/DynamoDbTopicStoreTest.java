package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DynamoDbTopicStoreTest {
    private final TopicStore topics = StorageTestSupport.storage().topics();

    private static String name() {
        return "t-" + UUID.randomUUID();
    }

    @Test
    void create_find_list_update_grow_delete() {
        String name = name();
        Topic created = topics.create(name, 3, TopicConfig.DEFAULTS.merge(Map.of("retention.ms", "1000")));
        assertThat(topics.find(name)).contains(created);
        assertThat(topics.list()).extracting(Topic::name).contains(name);

        Topic updated = topics.updateConfig(name, created.config().merge(Map.of("max.message.bytes", 2048)));
        assertThat(updated.config().maxMessageBytes()).isEqualTo(2048);
        assertThat(updated.config().retentionMs()).isEqualTo(1000);
        assertThat(topics.growPartitions(name, 5).partitions()).isEqualTo(5);

        topics.delete(name);
        assertThat(topics.find(name)).isEmpty();
        assertThat(topics.deletedTopicIds()).contains(created.topicId());
        assertThat(topics.list()).extracting(Topic::name).doesNotContain(name);
    }

    @Test
    void recreatedTopic_getsANewId() {
        String name = name();
        Topic first = topics.create(name, 1, TopicConfig.DEFAULTS);
        topics.delete(name);
        Topic second = topics.create(name, 1, TopicConfig.DEFAULTS);
        assertThat(second.topicId()).isNotEqualTo(first.topicId());
    }

    @Test
    void errors_haveStableCodes_andChangeNothing() {
        String name = name();
        topics.create(name, 2, TopicConfig.DEFAULTS);
        assertCode(() -> topics.create(name, 4, TopicConfig.DEFAULTS), ErrorCode.TOPIC_ALREADY_EXISTS);
        assertCode(() -> topics.create("bad name!", 1, TopicConfig.DEFAULTS), ErrorCode.INVALID_TOPIC_NAME);
        assertCode(() -> topics.create("..", 1, TopicConfig.DEFAULTS), ErrorCode.INVALID_TOPIC_NAME);
        assertCode(() -> topics.create("x".repeat(250), 1, TopicConfig.DEFAULTS), ErrorCode.INVALID_TOPIC_NAME);
        assertCode(() -> topics.create(name(), 0, TopicConfig.DEFAULTS), ErrorCode.INVALID_REQUEST);
        assertCode(() -> topics.growPartitions(name, 2), ErrorCode.INVALID_REQUEST);
        assertCode(() -> topics.growPartitions(name(), 9), ErrorCode.TOPIC_NOT_FOUND);
        assertCode(() -> topics.delete(name()), ErrorCode.TOPIC_NOT_FOUND);
        assertCode(() -> TopicConfig.DEFAULTS.merge(Map.of("retention.mss", "1")), ErrorCode.INVALID_REQUEST);
        assertCode(() -> TopicConfig.DEFAULTS.merge(Map.of("cleanup.policy", "shred")), ErrorCode.INVALID_REQUEST);
        assertCode(() -> TopicConfig.DEFAULTS.merge(Map.of("max.message.bytes", "0")), ErrorCode.INVALID_REQUEST);
        assertThat(topics.get(name).partitions()).isEqualTo(2);
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(code));
    }
}
