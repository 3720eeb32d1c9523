package dev.tributary.client.consumer.internals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.GroupNotFoundException;
import dev.tributary.client.OffsetAndMetadata;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.internal.ServiceClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A group's committed offsets, as the consumer reads and writes them
 * ({@code /v1/groups/{group}/offsets}). Commits are sent one after the other, in the order
 * they were asked for, so an older asynchronous commit can never land after a newer one
 * and move an offset back.
 *
 * <p>Thread-safe.
 */
public final class GroupOffsets {
    private final ServiceClient service;
    private final String path;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    public GroupOffsets(ServiceClient service, String groupId) {
        this.service = service;
        this.path = "/v1/groups/" + ServiceClient.segment(groupId) + "/offsets";
    }

    /**
     * Commits {@code offsets} after every earlier commit finished.
     *
     * @param memberId    the member committing, or null for a standalone commit (no live members allowed)
     * @param memberEpoch the member's epoch; ignored without a member id
     * @return a future that fails with the service's exception: {@code FencedException} when
     *         the member no longer owns a partition or was removed
     */
    public synchronized CompletableFuture<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets, String memberId,
                                                       int memberEpoch) {
        if (offsets.isEmpty()) {
            return last.handle((v, e) -> null);
        }
        List<Map<String, Object>> list = new ArrayList<>();
        offsets.forEach((tp, om) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("topic", tp.topic());
            o.put("partition", tp.partition());
            o.put("offset", om.offset());
            o.put("metadata", om.metadata());
            list.add(o);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        if (memberId != null) {
            body.put("memberId", memberId);
            body.put("memberEpoch", memberEpoch);
        }
        body.put("offsets", list);
        CompletableFuture<Void> next = last.handle((v, e) -> null)
                .thenCompose(ignored -> service.sendJsonAsync("POST", path, body))
                .thenApply(answer -> null);
        last = next;
        return next;
    }

    /** The committed offsets of those {@code partitions} that have one; empty for an unknown group. */
    public Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        if (partitions.isEmpty()) {
            return out;
        }
        java.util.Set<TopicPartition> wanted = new java.util.HashSet<>(partitions);
        JsonNode body;
        try {
            body = service.sendJson("GET", path, null);
        } catch (GroupNotFoundException e) {
            return out;
        }
        if (body == null) {
            return out;
        }
        for (JsonNode o : body.path("offsets")) {
            TopicPartition tp = new TopicPartition(o.path("topic").asText(), o.path("partition").asInt());
            if (wanted.contains(tp) && o.path("offset").isNumber()) {
                out.put(tp, new OffsetAndMetadata(o.path("offset").asLong(), o.path("metadata").asText("")));
            }
        }
        return out;
    }
}
