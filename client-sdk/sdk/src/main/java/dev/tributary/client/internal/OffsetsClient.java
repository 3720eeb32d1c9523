package dev.tributary.client.internal;

import dev.tributary.client.OffsetAndMetadata;
import dev.tributary.client.OffsetAndTimestamp;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.GroupOffset;
import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.CommittedOffsets;
import dev.tributary.core.api.GroupOffsets;
import dev.tributary.core.api.OffsetLookup;
import dev.tributary.core.api.PartitionOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The offsets part of the HTTP API, typed, for the consumer and the admin client alike:
 * partition offsets by position or time ({@code GET .../partitions/{p}/offsets?at=}) and a
 * group's committed offsets ({@code GET|POST /v1/groups/{group}/offsets}).
 *
 * <p>Commits through one instance are sent one after the other, in the order they were
 * asked for, so an older asynchronous commit can never land after a newer one and move an
 * offset back. Thread-safe.
 */
public final class OffsetsClient {
    private final ServiceClient service;
    private CompletableFuture<Void> lastCommit = CompletableFuture.completedFuture(null);

    public OffsetsClient(ServiceClient service) {
        this.service = service;
    }

    /**
     * The offset at {@code at}: {@code earliest}, {@code latest} or epoch milliseconds (the
     * first offset whose timestamp is at or after it; the log end with timestamp -1 when
     * there is none).
     *
     * @return a future failing with the service's typed exception
     */
    public CompletableFuture<OffsetAndTimestamp> offset(TopicPartition tp, String at) {
        return service.sendAsync("GET", ApiPaths.partition(tp.topic(), tp.partition()) + "/offsets?at=" + at, null,
                OffsetLookup.class).thenApply(OffsetsClient::toOffset);
    }

    /** {@link #offset} for several partitions at once, sent in parallel; blocks. */
    public Map<TopicPartition, OffsetAndTimestamp> offsets(Map<TopicPartition, String> at) {
        Map<TopicPartition, CompletableFuture<OffsetAndTimestamp>> pending = new LinkedHashMap<>();
        at.forEach((tp, a) -> pending.put(tp, offset(tp, a)));
        Map<TopicPartition, OffsetAndTimestamp> out = new LinkedHashMap<>();
        pending.forEach((tp, f) -> out.put(tp, ServiceClient.await(f)));
        return out;
    }

    private static OffsetAndTimestamp toOffset(OffsetLookup found) {
        return new OffsetAndTimestamp(found == null || found.offset() == null ? -1 : found.offset(),
                found == null || found.timestamp() == null ? -1 : found.timestamp());
    }

    /**
     * Commits {@code offsets} for {@code group} after every earlier commit through this
     * client finished.
     *
     * @param memberId    the member committing, or null for a standalone commit (no live members allowed)
     * @param memberEpoch the member's epoch; ignored without a member id
     * @return a future that fails with the service's exception: {@code FencedException} when
     *         the member no longer owns a partition or was removed
     */
    public synchronized CompletableFuture<Void> commit(String group, Map<TopicPartition, OffsetAndMetadata> offsets,
                                                       String memberId, int memberEpoch) {
        if (offsets.isEmpty()) {
            return lastCommit.handle((v, e) -> null);
        }
        List<PartitionOffset> list = new ArrayList<>();
        offsets.forEach((tp, om) -> list.add(PartitionOffset.commit(tp.topic(), tp.partition(), om.offset(),
                om.metadata())));
        GroupOffsets body = new GroupOffsets(memberId, memberId == null ? null : memberEpoch, list);
        CompletableFuture<Void> next = lastCommit.handle((v, e) -> null)
                .thenCompose(ignored -> service.sendJsonAsync("POST", ApiPaths.groupOffsets(group), body))
                .thenApply(answer -> null);
        lastCommit = next;
        return next;
    }

    /**
     * The group's committed offsets with their lag; blocks.
     *
     * @throws dev.tributary.client.GroupNotFoundException for an unknown group
     */
    public List<GroupOffset> committed(String group) {
        CommittedOffsets body = service.send("GET", ApiPaths.groupOffsets(group), null, CommittedOffsets.class);
        return toGroupOffsets(body == null ? null : body.offsets());
    }

    /** The SDK's view of the offsets of a group answer (none when the answer has none). */
    public static List<GroupOffset> toGroupOffsets(List<PartitionOffset> offsets) {
        List<GroupOffset> list = new ArrayList<>();
        if (offsets == null) {
            return list;
        }
        for (PartitionOffset o : offsets) {
            if (o.offset() == null || o.topic() == null || o.partition() == null) {
                continue;
            }
            list.add(new GroupOffset(o.topic(), o.partition(), o.offset(), o.metadata() == null ? "" : o.metadata(),
                    o.logEndOffset() == null ? -1 : o.logEndOffset(), o.lag() == null ? -1 : o.lag()));
        }
        return list;
    }
}
