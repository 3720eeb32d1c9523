package dev.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.storage.log.CommitRecord;
import dev.tributary.storage.log.Extent;
import dev.tributary.storage.log.PartitionBytes;
import dev.tributary.storage.log.ShardId;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/** Log items as stored: items written before the partition bytes section still decode. */
class LogItemMappingTest {
    private static final ShardId SHARD = new ShardId(UUID.fromString("00000000-0000-0000-0000-000000000001"), 0);

    @Test
    void itemWithoutPartitionBytes_decodesWithoutCounters() {
        DynamoDbShardLog.LogItem item = new DynamoDbShardLog.LogItem();
        item.setShard(SHARD.key());
        item.setSeq(3L);
        item.setSeg("segments/ab/old");
        item.setT(1000L);
        item.setMts(1000L);
        item.setH(SdkBytes.fromByteArray(HexFormat.of().parseHex("010105")));
        item.setX(SdkBytes.fromByteArray(HexFormat.of().parseHex("0101" + "00" + "00" + "64" + "05" + "00" + "00")));
        CommitRecord r = DynamoDbShardLog.fromItem(item);
        assertThat(r.bytes()).isNull();
        assertThat(r.nextOffset(0)).isEqualTo(5);
        assertThat(r.extents()).containsExactly(new Extent(0, 0, 100, 5, 1000, 1000));
    }

    @Test
    void recordWithPartitionBytes_roundTrips() {
        CommitRecord r = new CommitRecord(SHARD, 4, "segments/ab/new", 1000, 1000, new long[] {10}, new long[] {5},
                List.of(new Extent(0, 0, 100, 5, 1000, 1000)), List.of(), null,
                new PartitionBytes(new long[] {200}, new long[] {100}));
        DynamoDbShardLog.LogItem item = DynamoDbShardLog.toItem(r);
        assertThat(HexFormat.of().formatHex(item.getB().asByteArray())).isEqualTo("0101c801" + "0164");
        assertThat(DynamoDbShardLog.fromItem(item)).isEqualTo(r);
    }
}
