package dev.tributary.functions.produce;

import dev.tributary.core.format.ChunkInfo;
import dev.tributary.core.format.Segment;
import dev.tributary.core.format.SegmentWriter;
import dev.tributary.storage.log.CommitRequest;
import dev.tributary.storage.log.PartitionId;
import dev.tributary.storage.log.ShardId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds one segment object from the requests cut for it and says where each batch landed:
 * the commit requests the committer takes. Pure: no I/O, no clock. A partition's batches are
 * concatenated in request order, so a later request's batch of a partition sits after an
 * earlier one's.
 */
final class SegmentAssembler {
    private SegmentAssembler() {
    }

    /** The object, the commit requests (one per input request, same order) and the shards they touch. */
    record Assembled(Segment segment, List<CommitRequest> requests, Set<ShardId> shards) {
    }

    static Assembled assemble(List<List<SegmentBatcher.Append>> requests, List<Map<PartitionId, Long>> expectedOffsets) {
        SegmentWriter writer = new SegmentWriter();
        Map<PartitionId, Long> bytesSoFar = new HashMap<>();
        List<long[]> offsetsInChunk = new ArrayList<>(requests.size());
        for (List<SegmentBatcher.Append> request : requests) {
            long[] within = new long[request.size()];
            for (int i = 0; i < request.size(); i++) {
                SegmentBatcher.Append a = request.get(i);
                PartitionId tp = a.partitionId();
                long before = bytesSoFar.getOrDefault(tp, 0L);
                within[i] = before;
                bytesSoFar.put(tp, before + a.batch().remaining());
                writer.append(a.topicId(), a.partition(), a.batch(), a.summary());
            }
            offsetsInChunk.add(within);
        }
        Segment segment = writer.finish();
        Map<PartitionId, Long> chunkPosition = new HashMap<>();
        for (ChunkInfo c : segment.chunks()) {
            chunkPosition.put(new PartitionId(c.topicId(), c.partition()), c.position());
        }
        List<CommitRequest> out = new ArrayList<>(requests.size());
        Set<ShardId> shards = new TreeSet<>();
        for (int r = 0; r < requests.size(); r++) {
            List<SegmentBatcher.Append> request = requests.get(r);
            List<CommitRequest.Slice> slices = new ArrayList<>(request.size());
            for (int i = 0; i < request.size(); i++) {
                SegmentBatcher.Append a = request.get(i);
                PartitionId tp = a.partitionId();
                var s = a.summary();
                long position = chunkPosition.get(tp) + offsetsInChunk.get(r)[i];
                slices.add(s.producerId() < 0
                        ? CommitRequest.Slice.plain(tp, position, s.sizeInBytes(), s.recordCount(), s.firstTimestampMs(),
                                s.maxTimestampMs())
                        : new CommitRequest.Slice(tp, position, s.sizeInBytes(), s.recordCount(), s.firstTimestampMs(),
                                s.maxTimestampMs(), s.producerId(), s.producerEpoch(), s.baseSequence()));
                shards.add(tp.shard());
            }
            out.add(new CommitRequest(slices, expectedOffsets.get(r)));
        }
        return new Assembled(segment, out, shards);
    }
}
