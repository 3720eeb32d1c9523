package dev.tributary.storage.log;

import dev.tributary.storage.Lease;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link ShardLog} passing everything to another, for tests that interfere with one call. */
public class DelegatingShardLog implements ShardLog {
    private final ShardLog d;

    public DelegatingShardLog(ShardLog d) { this.d = d; }
    @Override public Optional<CommitRecord> latest(ShardId s) { return d.latest(s); }
    @Override public Optional<CommitRecord> get(ShardId s, long seq) { return d.get(s, seq); }
    @Override public List<CommitRecord> after(ShardId s, long seq, int limit) { return d.after(s, seq, limit); }
    @Override public Outcome commit(List<CommitRecord> r, SegmentReference ref, Map<Long, Short> e) { return d.commit(r, ref, e); }
    @Override public boolean append(CommitRecord r) { return d.append(r); }
    @Override public MaintenanceAppend appendFenced(CommitRecord r, Lease l) { return d.appendFenced(r, l); }
    @Override public MaintenanceAppend appendOverride(CommitRecord r, Lease l, ExtentsMoved m) { return d.appendOverride(r, l, m); }
    @Override public void putUnusedReference(SegmentReference ref, ShardId s) { d.putUnusedReference(ref, s); }
}
