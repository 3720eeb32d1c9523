package dev.tributary.benchmarks.cost;

import java.util.Map;
import java.util.TreeMap;

/**
 * AWS calls made during one measured phase: calls by {@code "<service> <operation>"},
 * items written in DynamoDB transactions, DynamoDB consumed capacity as reported by the
 * service (0 when the endpoint does not report it, as some emulators do not), and S3 GETs
 * made with presigned URLs. Immutable.
 */
public record RequestCounts(Map<String, Long> calls, long transactItems, double reportedWriteUnits,
                            double reportedReadUnits, long presignedGets) {

    public RequestCounts {
        calls = Map.copyOf(calls);
    }

    public static RequestCounts now() {
        RequestCounts aws = AwsRequestCounter.snapshot();
        return new RequestCounts(aws.calls, aws.transactItems, aws.reportedWriteUnits, aws.reportedReadUnits,
                PresignedGetCounter.count());
    }

    /** What happened between {@code earlier} and this snapshot. */
    public RequestCounts minus(RequestCounts earlier) {
        Map<String, Long> delta = new TreeMap<>();
        calls.forEach((k, v) -> {
            long d = v - earlier.calls.getOrDefault(k, 0L);
            if (d != 0) {
                delta.put(k, d);
            }
        });
        return new RequestCounts(delta, transactItems - earlier.transactItems,
                reportedWriteUnits - earlier.reportedWriteUnits, reportedReadUnits - earlier.reportedReadUnits,
                presignedGets - earlier.presignedGets);
    }

    long calls(String service, String... operations) {
        long sum = 0;
        for (String op : operations) {
            sum += calls.getOrDefault(service + " " + op, 0L) + calls.getOrDefault(service + " " + op + " (failed)", 0L);
        }
        return sum;
    }

    /** S3 PUT, COPY, POST and LIST requests (the $0.005 per 1,000 tier). */
    public long s3PutClass() {
        return calls("S3", "PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart",
                "CompleteMultipartUpload", "ListObjectsV2", "ListObjects", "DeleteObjects");
    }

    /** S3 GET and HEAD requests, through the AWS SDK or presigned URLs (the $0.0004 per 1,000 tier). */
    public long s3GetClass() {
        return calls("S3", "GetObject", "HeadObject") + presignedGets;
    }

    public long dynamoWriteRequests() {
        return calls("DynamoDB", "TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");
    }

    public long dynamoReadRequests() {
        return calls("DynamoDB", "GetItem", "Query", "Scan", "TransactGetItems", "BatchGetItem");
    }

    /**
     * Write request units: as reported, or else estimated as 2 per transactional item and
     * 1 per single-item write (every item this project writes is under 1 KB).
     */
    public double writeUnits() {
        if (reportedWriteUnits > 0) {
            return reportedWriteUnits;
        }
        return 2.0 * transactItems + calls("DynamoDB", "PutItem", "UpdateItem", "DeleteItem");
    }

    /**
     * Read request units: as reported, or else estimated as 1 per read request (strongly
     * consistent, under 4 KB: head reads and one-page index queries).
     */
    public double readUnits() {
        return reportedReadUnits > 0 ? reportedReadUnits : dynamoReadRequests();
    }

    /** Whether the unit counts came from the service rather than the estimate. */
    public boolean unitsReported() {
        return reportedWriteUnits > 0 || reportedReadUnits > 0;
    }
}
