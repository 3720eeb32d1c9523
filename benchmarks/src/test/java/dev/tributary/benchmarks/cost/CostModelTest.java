package dev.tributary.benchmarks.cost;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CostModelTest {

    @Test
    void tributaryPerGiB_pricesEachRequestClass() {
        // One GiB ingested with 1,000 PUTs and 1,000 transactions of 10 items (estimated units).
        RequestCounts counts = new RequestCounts(
                Map.of("S3 PutObject", 1000L, "DynamoDB TransactWriteItems", 1000L, "DynamoDB GetItem", 200L),
                10_000, 0, 0, 500);

        List<CostModel.Line> lines = CostModel.tributaryPerGiB(counts, (long) CostModel.GIB);

        assertThat(lines.get(0).dollarsPerGiB()).isCloseTo(1000 * 0.005 / 1000, within(1e-12));   // PUTs
        assertThat(lines.get(1).dollarsPerGiB()).isCloseTo(500 * 0.0004 / 1000, within(1e-12));   // presigned GETs
        assertThat(lines.get(2).dollarsPerGiB()).isCloseTo(20_000 * 0.625 / 1e6, within(1e-12)); // 2 WRU per item
        assertThat(lines.get(3).dollarsPerGiB()).isCloseTo(200 * 0.125 / 1e6, within(1e-12));    // 1 RRU per read
        assertThat(CostModel.total(lines)).isCloseTo(0.005 + 0.0002 + 0.0125 + 0.000025, within(1e-12));
    }

    @Test
    void reportedCapacity_winsOverTheEstimate() {
        RequestCounts counts = new RequestCounts(Map.of("DynamoDB TransactWriteItems", 1L), 10, 30.0, 4.0, 0);

        assertThat(counts.writeUnits()).isEqualTo(30.0);
        assertThat(counts.readUnits()).isEqualTo(4.0);
        assertThat(counts.unitsReported()).isTrue();
    }

    @Test
    void minus_keepsOnlyWhatChanged() {
        RequestCounts before = new RequestCounts(Map.of("S3 PutObject", 5L, "S3 GetObject", 2L), 10, 1, 1, 3);
        RequestCounts after = new RequestCounts(Map.of("S3 PutObject", 8L, "S3 GetObject", 2L), 16, 4, 1, 7);

        RequestCounts delta = after.minus(before);

        assertThat(delta.calls()).containsExactly(Map.entry("S3 PutObject", 3L));
        assertThat(delta.transactItems()).isEqualTo(6);
        assertThat(delta.presignedGets()).isEqualTo(4);
        assertThat(delta.s3GetClass()).isEqualTo(4);
    }

    @Test
    void kafkaCrossAz_perGiBProduced_isReplicationPlusProducerTraffic() {
        double perGiB = CostModel.total(CostModel.kafkaProducePerGiB());

        // (2/3 + 2) crossings of 1 GiB (1.0737 GB), each paid $0.01 out and $0.01 in.
        assertThat(perGiB).isCloseTo((2.0 / 3 + 2) * 0.02 * CostModel.GIB / 1e9, within(1e-12));
    }

    @Test
    void maintenancePerGiB_chargesEverySegmentWrittenItsReclaiming() {
        RequestCounts counts = new RequestCounts(java.util.Map.of("S3 PutObject", 1024L), 0, 0, 0, 0);
        List<CostModel.Line> lines = CostModel.maintenancePerGiB(counts, (long) CostModel.GIB);
        assertThat(lines.get(0).perGiB()).isCloseTo(1024 * 6.1, within(1e-9));
        assertThat(CostModel.total(lines)).isCloseTo(1024 * (6.1 * 0.625 / 1e6 + 2.2 * 0.125 / 1e6), within(1e-12));
    }
}
