package dev.tributary.functions.metrics;

import dev.tributary.storage.GroupStore;
import dev.tributary.storage.PartitionStore;
import dev.tributary.storage.Topic;
import dev.tributary.storage.TopicStore;
import dev.tributary.storage.groups.CommittedOffset;
import dev.tributary.storage.groups.GroupState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag per group and partition ({@code tributary.group.lag}: log end offset minus
 * committed offset), recomputed every {@code tributary.metrics.lag-interval} (default 30 s)
 * from the groups' committed offsets and the partitions' heads. Only in server mode: a
 * Lambda instance lives too briefly to keep a gauge. Thread-safe.
 */
@Singleton
@Requires(notEnv = "lambda")
@Requires(property = "tributary.metrics.lag-enabled", notEquals = "false")
public class ConsumerLagMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagMetrics.class);

    private final GroupStore groups;
    private final TopicStore topics;
    private final PartitionStore partitions;
    private final MultiGauge lag;

    public ConsumerLagMetrics(GroupStore groups, TopicStore topics, PartitionStore partitions, MeterRegistry registry) {
        this.groups = groups;
        this.topics = topics;
        this.partitions = partitions;
        this.lag = MultiGauge.builder("tributary.group.lag")
                .description("Records between a group's committed offset and the partition's log end")
                .baseUnit("records").register(registry);
    }

    @Scheduled(fixedDelay = "${tributary.metrics.lag-interval:30s}", initialDelay = "${tributary.metrics.lag-interval:30s}")
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("Could not compute consumer lag: {}", e.toString());
        }
    }

    /** Recomputes every group's lag now; partitions and groups that went away disappear. */
    public void refresh() {
        Map<String, Optional<Topic>> topicsByName = new HashMap<>();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (GroupState g : groups.list()) {
            for (CommittedOffset o : groups.offsets(g.group())) {
                Optional<Topic> topic = topicsByName.computeIfAbsent(o.topic(), topics::find);
                if (topic.isEmpty() || o.partition() >= topic.get().partitions()) {
                    continue;
                }
                long logEnd = partitions.head(topic.get().topicId(), o.partition()).nextOffset();
                rows.add(MultiGauge.Row.of(Tags.of("group", g.group(), "topic", o.topic(),
                        "partition", Integer.toString(o.partition())), Math.max(0, logEnd - o.offset())));
            }
        }
        lag.register(rows, true);
    }
}
