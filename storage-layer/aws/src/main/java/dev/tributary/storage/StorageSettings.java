package dev.tributary.storage;

import java.net.URI;
import java.util.Objects;

/**
 * Where the storage lives. With no endpoints and no keys this is plain AWS: the region's
 * endpoints and the default credentials chain. Endpoints switch to any S3- or
 * DynamoDB-compatible server (the embedded stack, LocalStack, MinIO...).
 *
 * @param region          AWS region name
 * @param namePrefix      table name prefix, as the deployment template's {@code NamePrefix}
 * @param bucket          segment bucket
 * @param s3Endpoint      optional S3 endpoint override
 * @param dynamoDbEndpoint optional DynamoDB endpoint override
 * @param accessKeyId     optional static credentials (else the default chain)
 * @param secretAccessKey optional static credentials
 * @param pathStyle       path-style S3 addressing (needed by most S3-compatible servers)
 * @param maxConnections  HTTP connections per AWS client
 */
public record StorageSettings(String region, String namePrefix, String bucket, URI s3Endpoint, URI dynamoDbEndpoint,
                              String accessKeyId, String secretAccessKey, boolean pathStyle, int maxConnections) {
    public StorageSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(namePrefix, "namePrefix");
        Objects.requireNonNull(bucket, "bucket");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive");
        }
    }

    public DynamoDbTables tables() {
        return DynamoDbTables.withPrefix(namePrefix);
    }
}
