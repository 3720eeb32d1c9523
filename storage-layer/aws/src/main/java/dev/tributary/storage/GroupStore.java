package dev.tributary.storage;

import dev.tributary.storage.groups.CommittedOffset;
import dev.tributary.storage.groups.GroupState;
import dev.tributary.storage.groups.HeartbeatRequest;
import dev.tributary.storage.groups.HeartbeatResponse;
import dev.tributary.storage.groups.OffsetCommit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Consumer groups: membership, assignment and committed offsets, with all state in storage so
 * any instance can serve any call. Expiry of members is evaluated lazily, whenever a group is
 * read for a heartbeat, a describe or an offset operation; nothing depends on timers.
 * Implementations are thread-safe, and safe across processes.
 *
 * <p>Invariant: no partition is ever owned by two members of a group in the stored state.
 * Failures are {@link dev.tributary.core.error.ApiException}s with a stable code.
 */
public interface GroupStore {

    /**
     * Applies a heartbeat (join, leave, or liveness plus reconciliation) atomically.
     *
     * @param partitionCounts the partition count of a topic, or null if it does not exist (asked for the
     *                        member's subscribed topics on every heartbeat, so growth is noticed)
     * @throws dev.tributary.core.error.ApiException {@code UNKNOWN_MEMBER}, {@code FENCED_MEMBER_EPOCH}
     */
    HeartbeatResponse heartbeat(String group, HeartbeatRequest request, Function<String, Integer> partitionCounts);

    /** The group with expired members removed (the removal is stored), or empty if there is no such group. */
    Optional<GroupState> describe(String group);

    /** Every group, with expired members left out of the view; sorted by group id. */
    List<GroupState> list();

    /** Committed offsets of the group, sorted by topic and partition. */
    List<CommittedOffset> offsets(String group);

    /**
     * Commits offsets. With a member id, the member must be live, send its current (or previous)
     * epoch and own every partition named; without one, the group must have no live members.
     * Up to {@link #MAX_OFFSETS_PER_TRANSACTION} offsets are committed atomically; a larger
     * request is committed in parts, each atomic.
     *
     * @throws dev.tributary.core.error.ApiException {@code UNKNOWN_MEMBER}, {@code FENCED_MEMBER_EPOCH}
     */
    List<CommittedOffset> commitOffsets(String group, String memberId, int memberEpoch, List<OffsetCommit> offsets);

    /**
     * Deletes the group's committed offsets (of one topic, or all when {@code topic} is null);
     * only while the group has no live members ({@code GROUP_NOT_EMPTY} otherwise).
     *
     * @return how many offsets were deleted
     */
    int deleteOffsets(String group, String topic);

    /**
     * Deletes the group: its committed offsets and its record. Only while it has no live
     * members ({@code GROUP_NOT_EMPTY} otherwise); {@code GROUP_NOT_FOUND} when there is none.
     *
     * @return how many committed offsets were deleted with it
     */
    int deleteGroup(String group);

    int MAX_OFFSETS_PER_TRANSACTION = 99;
}
