package dev.tributary.benchmarks.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns request counts into requests and dollars per GiB at AWS on-demand list prices
 * (us-east-1), beside what a three-AZ Kafka cluster pays for cross-AZ traffic per GiB.
 * The prices and their sources are in {@code docs/benchmarks.md}. Stateless.
 */
public final class CostModel {
    /** S3 Standard, PUT/COPY/POST/LIST: $0.005 per 1,000 requests. */
    public static final double S3_PUT = 0.005 / 1_000;
    /** S3 Standard, GET/SELECT and all other requests: $0.0004 per 1,000 requests. */
    public static final double S3_GET = 0.0004 / 1_000;
    /** S3 Standard storage, first 50 TB: $0.023 per GB-month. */
    public static final double S3_STORAGE_GB_MONTH = 0.023;
    /** DynamoDB on-demand, standard table class: $0.625 per million write request units. */
    public static final double DYNAMODB_WRU = 0.625 / 1_000_000;
    /** DynamoDB on-demand, standard table class: $0.125 per million read request units. */
    public static final double DYNAMODB_RRU = 0.125 / 1_000_000;
    /** Data transfer between Availability Zones in one region: $0.01 per GB in each direction. */
    public static final double CROSS_AZ_PER_GB_EACH_WAY = 0.01;

    /**
     * DynamoDB write units maintenance spends to reclaim one segment once its data is below the
     * log start: its count released (one transactional update), its log record trimmed (one
     * transactional delete) and its reference deleted (one transactional delete), with the
     * frontier and lease checks amortized over pages of ~100. Measured by {@code ReclaimProbe}:
     * 6,263 WRU per GiB reclaimed in 1 MiB segments, i.e. 6.1 per segment.
     */
    public static final double RECLAIM_WRU_PER_SEGMENT = 6.1;
    /** Read units per segment reclaimed: its count read before release and re-read before deletion ({@code ReclaimProbe}: 2,219 RRU per GiB of 1 MiB segments). */
    public static final double RECLAIM_RRU_PER_SEGMENT = 2.2;

    public static final double GIB = 1024.0 * 1024 * 1024;
    private static final double GB_PER_GIB = GIB / 1e9;

    private CostModel() {
    }

    /** One line of a cost breakdown: what, how many per GiB, dollars per GiB. */
    public record Line(String item, double perGiB, double dollarsPerGiB) {
    }

    /** Where each cent goes when Tributary ingests {@code bytes} with these requests. */
    public static List<Line> tributaryPerGiB(RequestCounts counts, long bytes) {
        double gib = bytes / GIB;
        List<Line> lines = new ArrayList<>();
        if (gib <= 0) {
            return lines;
        }
        lines.add(new Line("S3 PUT/LIST requests", counts.s3PutClass() / gib, counts.s3PutClass() / gib * S3_PUT));
        lines.add(new Line("S3 GET/HEAD requests", counts.s3GetClass() / gib, counts.s3GetClass() / gib * S3_GET));
        lines.add(new Line("DynamoDB write request units", counts.writeUnits() / gib,
                counts.writeUnits() / gib * DYNAMODB_WRU));
        lines.add(new Line("DynamoDB read request units", counts.readUnits() / gib,
                counts.readUnits() / gib * DYNAMODB_RRU));
        return lines;
    }

    /**
     * What maintenance later spends to reclaim what these requests ingested (every segment
     * written is eventually released, trimmed and deleted once retention moves past it), per
     * GiB ingested. S3 deletes are free; the scan and listing per run are negligible per GiB.
     */
    public static List<Line> maintenancePerGiB(RequestCounts ingest, long bytes) {
        double gib = bytes / GIB;
        List<Line> lines = new ArrayList<>();
        if (gib <= 0) {
            return lines;
        }
        double segments = ingest.calls("S3", "PutObject") / gib;
        lines.add(new Line("maintenance: DynamoDB write units to reclaim the segments", segments * RECLAIM_WRU_PER_SEGMENT,
                segments * RECLAIM_WRU_PER_SEGMENT * DYNAMODB_WRU));
        lines.add(new Line("maintenance: DynamoDB read units to reclaim the segments", segments * RECLAIM_RRU_PER_SEGMENT,
                segments * RECLAIM_RRU_PER_SEGMENT * DYNAMODB_RRU));
        return lines;
    }

    /** Sum of the dollar column. */
    public static double total(List<Line> lines) {
        return lines.stream().mapToDouble(Line::dollarsPerGiB).sum();
    }

    /** S3 storage of one GiB for one month. */
    public static double storagePerGiBMonth() {
        return S3_STORAGE_GB_MONTH * GB_PER_GIB;
    }

    /**
     * Cross-AZ transfer of a three-AZ Kafka cluster (replication factor 3, producers and
     * consumers spread evenly over the AZs, no follower fetching) per GiB produced: 2/3 of
     * produce traffic crosses to the leader, and the leader sends every byte to two
     * followers in the other AZs; each crossing is paid on both sides.
     */
    public static List<Line> kafkaProducePerGiB() {
        double crossing = 2 * CROSS_AZ_PER_GB_EACH_WAY * GB_PER_GIB;
        return List.of(
                new Line("producer to leader, cross-AZ (2/3 of bytes)", 2.0 / 3, 2.0 / 3 * crossing),
                new Line("leader to 2 followers, cross-AZ", 2.0, 2.0 * crossing));
    }

    /** Cross-AZ transfer per GiB consumed: 2/3 of fetches cross to a leader in another AZ. */
    public static List<Line> kafkaConsumePerGiB() {
        double crossing = 2 * CROSS_AZ_PER_GB_EACH_WAY * GB_PER_GIB;
        return List.of(new Line("leader to consumer, cross-AZ (2/3 of bytes)", 2.0 / 3, 2.0 / 3 * crossing));
    }
}
