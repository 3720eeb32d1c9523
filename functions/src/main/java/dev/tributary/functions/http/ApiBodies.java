package dev.tributary.functions.http;

import dev.tributary.core.api.GroupHeartbeatResponse;
import dev.tributary.core.api.GroupOffsets;
import dev.tributary.core.api.OffsetLookup;
import dev.tributary.core.api.PartitionOffset;
import dev.tributary.core.api.TopicPartitions;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * Registers the API's shared body types ({@code dev.tributary.core.api}, plain records the
 * SDK uses too) with Micronaut's serializer, so controllers can return and read them.
 * Micronaut leaves empty collections out by default; answers whose empty lists the API
 * documents get a mixin that writes every field.
 */
@SerdeImport(TopicPartitions.class)
@SerdeImport(value = GroupHeartbeatResponse.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(GroupOffsets.class)
@SerdeImport(PartitionOffset.class)
@SerdeImport(OffsetLookup.class)
final class ApiBodies {
    private ApiBodies() {
    }

    /** Empty lists are part of the contract ({@code "assignment": []}), so every field is written. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    interface AlwaysIncluded {
    }
}
