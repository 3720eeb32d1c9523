package dev.tributary.client.admin;

import java.util.List;

/**
 * A consumer group as the service describes it. Immutable.
 *
 * @param groupId group name
 * @param offsets committed offsets and lag per partition
 * @param json    the service's full description (members, assignment, ...), as JSON text
 */
public record GroupDescription(String groupId, List<GroupOffset> offsets, String json) {

    public GroupDescription {
        offsets = List.copyOf(offsets);
    }
}
