package dev.tributary.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.OffsetAndMetadata;
import dev.tributary.client.OffsetAndTimestamp;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.GroupOffset;
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
        return service.sendJsonAsync("GET", ApiPaths.partition(tp) + "/offsets?at=" + at, null)
                .thenApply(OffsetsClient::toOffset);
    }

    /** {@link #offset} for several partitions at once, sent in parallel; blocks. */
    public Map<TopicPartition, OffsetAndTimestamp> offsets(Map<TopicPartition, String> at) {
        Map<TopicPartition, CompletableFuture<OffsetAndTimestamp>> pending = new LinkedHashMap<>();
        at.forEach((tp, a) -> pending.put(tp, offset(tp, a)));
        Map<TopicPartition, OffsetAndTimestamp> out = new LinkedHashMap<>();
        pending.forEach((tp, f) -> out.put(tp, ServiceClient.await(f)));
        return out;
    }

    private static OffsetAndTimestamp toOffset(JsonNode body) {
        JsonNode offset = body == null ? null : body.path("offset");
        JsonNode ts = body == null ? null : body.path("timestamp");
        return new OffsetAndTimestamp(offset != null && offset.isNumber() ? offset.asLong() : -1,
                ts != null && ts.isNumber() ? ts.asLong() : -1);
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
        return toGroupOffsets(service.sendJson("GET", ApiPaths.groupOffsets(group), null));
    }

    /** Reads the {@code offsets} list of a group answer. */
    public static List<GroupOffset> toGroupOffsets(JsonNode body) {
        List<GroupOffset> list = new ArrayList<>();
        if (body == null) {
            return list;
        }
        for (JsonNode o : body.path("offsets")) {
            if (!o.path("offset").isNumber()) {
                continue;
            }
            list.add(new GroupOffset(o.path("topic").asText(), o.path("partition").asInt(), o.path("offset").asLong(),
                    o.path("metadata").asText(""), o.path("logEndOffset").asLong(-1), o.path("lag").asLong(-1)));
        }
        return list;
    }
}
