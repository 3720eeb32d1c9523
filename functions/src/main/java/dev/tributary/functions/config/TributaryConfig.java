package dev.tributary.functions.config;

import dev.tributary.core.format.RecordBatches;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Server settings under {@code tributary.*}. Defaults suit local mode; the keys for real AWS
 * are documented in the README. Mutable only while Micronaut binds it; treat as read-only.
 */
@ConfigurationProperties("tributary")
public class TributaryConfig {
    private StorageConfig storage = new StorageConfig();
    private ProduceConfig produce = new ProduceConfig();
    private FetchConfig fetch = new FetchConfig();

    public StorageConfig getStorage() { return storage; }
    public void setStorage(StorageConfig storage) { this.storage = storage; }
    public ProduceConfig getProduce() { return produce; }
    public void setProduce(ProduceConfig produce) { this.produce = produce; }
    public FetchConfig getFetch() { return fetch; }
    public void setFetch(FetchConfig fetch) { this.fetch = fetch; }

    /** {@code tributary.storage.*}: where segments and metadata live. */
    @ConfigurationProperties("storage")
    public static class StorageConfig {
        /** {@code embedded}: start DynamoDB Local + s3proxy in this process; {@code aws}: use the endpoints below. */
        private String mode = "aws";
        private String region = "us-east-1";
        private String namePrefix = "tributary";
        private String bucket = "tributary-segments";
        private String s3Endpoint;
        private String dynamodbEndpoint;
        private String accessKeyId;
        private String secretAccessKey;
        private boolean pathStyle;
        private int maxConnections = 128;
        /** Embedded mode: folder holding tables and objects; empty for a throw-away stack. */
        private String dataDir = "tributary-data";

        public String getMode() { return mode; }
        public void setMode(String mode) { this.mode = mode; }
        public String getRegion() { return region; }
        public void setRegion(String region) { this.region = region; }
        public String getNamePrefix() { return namePrefix; }
        public void setNamePrefix(String namePrefix) { this.namePrefix = namePrefix; }
        public String getBucket() { return bucket; }
        public void setBucket(String bucket) { this.bucket = bucket; }
        public String getS3Endpoint() { return s3Endpoint; }
        public void setS3Endpoint(String s3Endpoint) { this.s3Endpoint = s3Endpoint; }
        public String getDynamodbEndpoint() { return dynamodbEndpoint; }
        public void setDynamodbEndpoint(String dynamodbEndpoint) { this.dynamodbEndpoint = dynamodbEndpoint; }
        public String getAccessKeyId() { return accessKeyId; }
        public void setAccessKeyId(String accessKeyId) { this.accessKeyId = accessKeyId; }
        public String getSecretAccessKey() { return secretAccessKey; }
        public void setSecretAccessKey(String secretAccessKey) { this.secretAccessKey = secretAccessKey; }
        public boolean isPathStyle() { return pathStyle; }
        public void setPathStyle(boolean pathStyle) { this.pathStyle = pathStyle; }
        public int getMaxConnections() { return maxConnections; }
        public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
        public String getDataDir() { return dataDir; }
        public void setDataDir(String dataDir) { this.dataDir = dataDir; }
    }

    /** {@code tributary.produce.*}: batching of concurrent produce requests into segments. */
    @ConfigurationProperties("produce")
    public static class ProduceConfig {
        /** How long the first request of a segment waits for others to join it. */
        private Duration linger = Duration.ofMillis(3);
        /** A segment is cut once it holds this many bytes. */
        private int maxSegmentBytes = 8 * 1024 * 1024;
        /** Produce requests buffered or in flight beyond this many bytes are refused with 429. */
        private long maxPendingBytes = 256L * 1024 * 1024;
        /** Segments in flight (uploading or awaiting commit) at once. */
        private int maxConcurrentUploads = 4;
        /** Commits running at once (segments whose shards are disjoint commit in parallel). */
        private int commitThreads = 8;
        /** Idempotent producers idle this long are forgotten (Kafka's producer.id.expiration.ms). */
        private Duration producerStateRetention = Duration.ofDays(1);
        private int maxRequestBytes = 16 * 1024 * 1024;
        /**
         * What the batches of one binary request may expand to when decompressed; at most
         * {@code RecordBatches.MAX_DECOMPRESSED_BATCH_BYTES} (64 MiB), which readers enforce.
         */
        private int maxDecompressedBytes = 16 * 1024 * 1024;
        private int maxRecordsPerRequest = 10_000;
        private int maxHeadersPerRecord = 64;
        /** Compression of batches built from JSON requests: none, gzip, lz4 or zstd. */
        private String jsonCompression = "none";

        public Duration getLinger() { return linger; }
        public void setLinger(Duration linger) { this.linger = linger; }
        public int getMaxSegmentBytes() { return maxSegmentBytes; }
        public void setMaxSegmentBytes(int maxSegmentBytes) { this.maxSegmentBytes = maxSegmentBytes; }
        public long getMaxPendingBytes() { return maxPendingBytes; }
        public void setMaxPendingBytes(long maxPendingBytes) { this.maxPendingBytes = maxPendingBytes; }
        public int getMaxConcurrentUploads() { return maxConcurrentUploads; }
        public void setMaxConcurrentUploads(int maxConcurrentUploads) { this.maxConcurrentUploads = maxConcurrentUploads; }
        public int getCommitThreads() { return commitThreads; }
        public void setCommitThreads(int commitThreads) { this.commitThreads = commitThreads; }
        public Duration getProducerStateRetention() { return producerStateRetention; }
        public void setProducerStateRetention(Duration producerStateRetention) { this.producerStateRetention = producerStateRetention; }
        public int getMaxRequestBytes() { return maxRequestBytes; }
        public void setMaxRequestBytes(int maxRequestBytes) { this.maxRequestBytes = maxRequestBytes; }
        public int getMaxDecompressedBytes() { return maxDecompressedBytes; }
        public void setMaxDecompressedBytes(int maxDecompressedBytes) {
            if (maxDecompressedBytes < 1 || maxDecompressedBytes > RecordBatches.MAX_DECOMPRESSED_BATCH_BYTES) {
                throw new IllegalArgumentException("tributary.produce.max-decompressed-bytes must be between 1 and "
                        + RecordBatches.MAX_DECOMPRESSED_BATCH_BYTES + ", got " + maxDecompressedBytes);
            }
            this.maxDecompressedBytes = maxDecompressedBytes;
        }
        public int getMaxRecordsPerRequest() { return maxRecordsPerRequest; }
        public void setMaxRecordsPerRequest(int maxRecordsPerRequest) { this.maxRecordsPerRequest = maxRecordsPerRequest; }
        public int getMaxHeadersPerRecord() { return maxHeadersPerRecord; }
        public void setMaxHeadersPerRecord(int maxHeadersPerRecord) { this.maxHeadersPerRecord = maxHeadersPerRecord; }
        public String getJsonCompression() { return jsonCompression; }
        public void setJsonCompression(String jsonCompression) { this.jsonCompression = jsonCompression; }
    }

    /** {@code tributary.fetch.*}: reads. */
    @ConfigurationProperties("fetch")
    public static class FetchConfig {
        private Duration maxWait = Duration.ofSeconds(30);
        /**
         * How often this instance reads the newest record of a shard that long polls wait on, to
         * see commits made by other instances (one read per shard, shared by all its waiters).
         */
        private Duration watchInterval = Duration.ofMillis(100);
        private int maxRecords = 10_000;
        private int maxBytes = 16 * 1024 * 1024;
        private Duration presignTtl = Duration.ofMinutes(5);
        private int readThreads = 16;

        public Duration getMaxWait() { return maxWait; }
        public void setMaxWait(Duration maxWait) { this.maxWait = maxWait; }
        public Duration getWatchInterval() { return watchInterval; }
        public void setWatchInterval(Duration watchInterval) { this.watchInterval = watchInterval; }
        public int getMaxRecords() { return maxRecords; }
        public void setMaxRecords(int maxRecords) { this.maxRecords = maxRecords; }
        public int getMaxBytes() { return maxBytes; }
        public void setMaxBytes(int maxBytes) { this.maxBytes = maxBytes; }
        public Duration getPresignTtl() { return presignTtl; }
        public void setPresignTtl(Duration presignTtl) { this.presignTtl = presignTtl; }
        public int getReadThreads() { return readThreads; }
        public void setReadThreads(int readThreads) { this.readThreads = readThreads; }
    }
}
