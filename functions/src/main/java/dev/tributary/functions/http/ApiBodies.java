package dev.tributary.functions.http;

import dev.tributary.core.api.AclEntry;
import dev.tributary.core.api.AclList;
import dev.tributary.core.api.AlterTopicConfigRequest;
import dev.tributary.core.api.ApiKeyList;
import dev.tributary.core.api.CreateApiKeyRequest;
import dev.tributary.core.api.CreatePartitionsRequest;
import dev.tributary.core.api.CreateTopicRequest;
import dev.tributary.core.api.CreatedApiKey;
import dev.tributary.core.api.DeleteRecordsRequest;
import dev.tributary.core.api.DeleteRecordsResponse;
import dev.tributary.core.api.CommittedOffsets;
import dev.tributary.core.api.GroupDeleted;
import dev.tributary.core.api.GroupHeartbeatRequest;
import dev.tributary.core.api.GroupInfo;
import dev.tributary.core.api.OffsetsDeleted;
import dev.tributary.core.api.GroupHeartbeatResponse;
import dev.tributary.core.api.GroupList;
import dev.tributary.core.api.GroupOffsets;
import dev.tributary.core.api.InitProducerRequest;
import dev.tributary.core.api.InitProducerResponse;
import dev.tributary.core.api.OffsetLookup;
import dev.tributary.core.api.PartitionOffset;
import dev.tributary.core.api.ProduceRecord;
import dev.tributary.core.api.ProduceRequest;
import dev.tributary.core.api.ProduceResponse;
import dev.tributary.core.api.QuotaLimits;
import dev.tributary.core.api.QuotaList;
import dev.tributary.core.api.SegmentRanges;
import dev.tributary.core.api.ServiceStats;
import dev.tributary.core.api.TopicInfo;
import dev.tributary.core.api.TopicList;
import dev.tributary.core.api.TopicPartitions;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * Registers the API's shared body types ({@code dev.tributary.core.api}, plain records the
 * SDK uses too) with Micronaut's serializer, so controllers can return and read them; the
 * imports also give the validator their constraints.
 * Micronaut leaves empty collections out by default; answers whose empty lists the API
 * documents get a mixin that writes every field.
 */
@SerdeImport(TopicPartitions.class)
@SerdeImport(value = GroupHeartbeatResponse.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(GroupOffsets.class)
@SerdeImport(value = GroupList.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(GroupList.Entry.class)
@SerdeImport(value = PartitionOffset.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(value = CommittedOffsets.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(value = GroupInfo.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(value = GroupInfo.Member.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(value = GroupInfo.Assignment.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(GroupDeleted.class)
@SerdeImport(OffsetsDeleted.class)
@SerdeImport(value = OffsetLookup.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(CreateTopicRequest.class)
@SerdeImport(AlterTopicConfigRequest.class)
@SerdeImport(CreatePartitionsRequest.class)
@SerdeImport(DeleteRecordsRequest.class)
@SerdeImport(DeleteRecordsResponse.class)
@SerdeImport(GroupHeartbeatRequest.class)
@SerdeImport(InitProducerRequest.class)
@SerdeImport(InitProducerResponse.class)
@SerdeImport(CreateApiKeyRequest.class)
@SerdeImport(value = AclEntry.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(value = AclList.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(value = QuotaLimits.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(value = QuotaList.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(QuotaList.Defaults.class)
@SerdeImport(value = ApiKeyList.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(ApiKeyList.Entry.class)
@SerdeImport(CreatedApiKey.class)
@SerdeImport(ServiceStats.class)
@SerdeImport(ProduceRequest.class)
@SerdeImport(ProduceRecord.class)
@SerdeImport(value = ProduceResponse.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(ProduceResponse.RecordOffset.class)
@SerdeImport(value = TopicInfo.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(TopicInfo.PartitionInfo.class)
@SerdeImport(value = TopicList.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(TopicList.Entry.class)
@SerdeImport(value = SegmentRanges.class, mixin = ApiBodies.AlwaysIncluded.class)
@SerdeImport(SegmentRanges.Range.class)
final class ApiBodies {
    private ApiBodies() {
    }

    /** Empty lists are part of the contract ({@code "assignment": []}), so every field is written. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    interface AlwaysIncluded {
    }
}
