package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.storage.groups.OffsetCommit;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.Logs;
import dev.tributary.storage.log.PartitionId;
import dev.tributary.storage.log.ShardCommitter;
import dev.tributary.storage.log.ShardId;
import dev.tributary.storage.log.SnapshotRef;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Garbage collection of deleted topics on the embedded stack: the deleted topic's log items,
 * its own segments and their references go; a segment shared with a live topic, the live
 * topic's data and every object of a topic still in its grace period stay.
 */
class DeletedTopicCollectorTest {
    private static final Duration LEASE = Duration.ofMinutes(1);
    private final Storage storage = StorageTestSupport.storage();
    private final ShardCommitter committer = Logs.committer(storage.shardLog(), storage.segments(), Clock.systemUTC());

    private String segment(List<CommitRequest> requests) {
        String key = SegmentKeys.newKey();
        storage.segments().put(key, "bytes".getBytes(StandardCharsets.UTF_8));
        committer.commit(key, 5, requests);
        return key;
    }

    private static CommitRequest one(Topic t, int partition) {
        return new CommitRequest(List.of(CommitRequest.Slice.plain(new PartitionId(t.topicId(), partition), 0, 5, 1, 1, 1)));
    }

    private Set<String> objects() {
        Set<String> keys = new HashSet<>();
        storage.segments().list(o -> keys.add(o.key()));
        return keys;
    }

    private long logItems(Topic t) {
        long n = 0;
        for (int s = 0; s < ShardId.shardCount(t.partitions()); s++) {
            n += storage.shardLog().after(new ShardId(t.topicId(), s), 0, 10_000).size();
        }
        return n;
    }

    @Test
    void deletedTopic_loosesItsLogAndOwnSegments_liveAndSharedDataStay() {
        Topic doomed = storage.topics().create("gc-doomed-" + UUID.randomUUID(), 300, TopicConfig.DEFAULTS);
        Topic live = storage.topics().create("gc-live-" + UUID.randomUUID(), 2, TopicConfig.DEFAULTS);
        String own1 = segment(List.of(one(doomed, 0), one(doomed, 299)));
        String own2 = segment(List.of(one(doomed, 1)));
        String shared = segment(List.of(one(doomed, 2), one(live, 0)));
        String liveOnly = segment(List.of(one(live, 1)));
        assertThat(logItems(doomed)).isEqualTo(4);
        storage.topics().delete(doomed.name());

        DeletedTopicCollector.Result waiting = storage.deletedTopics().collect(Duration.ofHours(1), LEASE, 10_000);
        assertThat(waiting.topicsWaiting()).isGreaterThanOrEqualTo(1);
        assertThat(objects()).contains(own1, own2, shared, liveOnly);
        assertThat(logItems(doomed)).isEqualTo(4);

        DeletedTopicCollector.Result done = storage.deletedTopics().collect(Duration.ZERO, LEASE, 10_000);
        assertThat(done.topicsCollected()).isGreaterThanOrEqualTo(1);
        assertThat(logItems(doomed)).isZero();
        assertThat(objects()).doesNotContain(own1, own2).contains(shared, liveOnly);
        assertThat(storage.segmentReferences().committed(List.of(own1, own2, shared, liveOnly)))
                .containsExactlyInAnyOrder(shared, liveOnly);
        assertThat(logItems(live)).isEqualTo(2);
        assertThat(storage.topics().deletedTopicIds()).doesNotContain(doomed.topicId());
    }

    @Test
    void collectorWhoseLeaseIsHeldElsewhere_deletesNothing() {
        Topic doomed = storage.topics().create("gc-busy-" + UUID.randomUUID(), 1, TopicConfig.DEFAULTS);
        String own = segment(List.of(one(doomed, 0)));
        storage.topics().delete(doomed.name());
        Lease other = storage.leases().acquire("gc#" + doomed.topicId(), "another-worker", LEASE).orElseThrow();
        DeletedTopicCollector.Result r = storage.deletedTopics().collect(Duration.ZERO, LEASE, 10_000);
        assertThat(r.topicsBusy()).isGreaterThanOrEqualTo(1);
        assertThat(objects()).contains(own);
        assertThat(logItems(doomed)).isEqualTo(1);
        storage.leases().release(other);
        storage.deletedTopics().collect(Duration.ZERO, LEASE, 10_000);
        assertThat(objects()).doesNotContain(own);
        assertThat(logItems(doomed)).isZero();
    }

    @Test
    void collectedTopic_loosesItsSnapshotsAndProducerStates_andStaleGroupOffsetsGo() {
        DynamoDbClient dynamo = EmbeddedStack.shared().dynamoDbClient();
        DynamoDbTables tables = storage.settings().tables();
        Topic doomed = storage.topics().create("gc-leftovers-" + UUID.randomUUID(), 1, TopicConfig.DEFAULTS);
        segment(List.of(one(doomed, 0)));
        String snapshot = SnapshotRef.prefix(doomed.topicId()) + "0/512-x.snap";
        storage.segments().put(snapshot, new byte[] {1});
        Map<String, AttributeValue> stateKey = Map.of(DynamoDbTables.PRODUCERS_PK, AttributeValue.fromS("pid#42"),
                DynamoDbTables.PRODUCERS_SK, AttributeValue.fromS(doomed.topicId() + "#0"));
        Map<String, AttributeValue> state = new java.util.HashMap<>(stateKey);
        state.put("lastSeq", AttributeValue.fromN("3"));
        dynamo.putItem(r -> r.tableName(tables.producers()).item(state));
        String group = "gc-group-" + UUID.randomUUID();
        storage.groups().commitOffsets(group, null, -1, List.of(new OffsetCommit(doomed.name(), 0, 1, "")));
        storage.topics().delete(doomed.name());

        storage.staleOffsets().collect(Duration.ofHours(1), 1000);
        assertThat(storage.groups().offsets(group)).as("inside the grace period").hasSize(1);
        assertThat(storage.staleOffsets().collect(Duration.ZERO, 1000)).isGreaterThanOrEqualTo(1);
        assertThat(storage.groups().offsets(group)).isEmpty();
        Topic again = storage.topics().create(doomed.name(), 1, TopicConfig.DEFAULTS);
        storage.groups().commitOffsets(group, null, -1, List.of(new OffsetCommit(again.name(), 0, 2, "")));
        storage.staleOffsets().collect(Duration.ZERO, 1000);
        assertThat(storage.groups().offsets(group)).as("an offset of the new topic stays").hasSize(1);

        DeletedTopicCollector.Result r = storage.deletedTopics().collect(Duration.ZERO, LEASE, 10_000);
        assertThat(r.leftoversDeleted()).isGreaterThanOrEqualTo(2);
        Set<String> snapshots = new HashSet<>();
        storage.segments().listUnder(SnapshotRef.prefix(doomed.topicId()), o -> snapshots.add(o.key()));
        assertThat(snapshots).isEmpty();
        assertThat(dynamo.getItem(b -> b.tableName(tables.producers()).key(stateKey).consistentRead(true)).hasItem()).isFalse();
    }
}
