package dev.tributary.client.admin;

import java.util.List;

/**
 * A consumer group as the service describes it. Immutable.
 *
 * @param groupId group name
 * @param state   {@code Empty}, {@code Stable} or {@code Reconciling}
 * @param members the live members with the partitions each owns
 * @param offsets committed offsets and lag per partition
 * @param json    the service's full description (targets, epochs, timestamps, ...), as JSON text
 */
public record GroupDescription(String groupId, String state, List<MemberDescription> members,
                               List<GroupOffset> offsets, String json) {

    public GroupDescription {
        members = List.copyOf(members);
        offsets = List.copyOf(offsets);
    }
}
