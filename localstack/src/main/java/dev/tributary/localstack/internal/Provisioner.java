package dev.tributary.localstack.internal;

import dev.tributary.localstack.InfraTemplate;
import dev.tributary.localstack.TableSpec;
import dev.tributary.localstack.TableSpec.KeyAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the template's tables and the bucket when they are missing, leaving existing
 * ones (and their data) alone, so provisioning on every start is safe.
 *
 * <p>Key schemas of existing tables are not migrated: a table whose keys changed in the
 * template must be deleted by hand (or the data directory wiped).
 *
 * <p>Not thread-safe; one provisioning run per instance. Owns the DynamoDB client it is
 * given and closes it when done.
 */
public final class Provisioner {

    private final DynamoDbClient dynamoDb;
    private final InfraTemplate template;
    private final String namePrefix;

    public Provisioner(DynamoDbClient dynamoDb, InfraTemplate template, String namePrefix) {
        this.dynamoDb = dynamoDb;
        this.template = template;
        this.namePrefix = namePrefix;
    }

    /** Creates every missing table, with TTL where the template enables it. */
    public void createTables() {
        try (dynamoDb) {
            List<String> existing = dynamoDb.listTablesPaginator().tableNames().stream().toList();
            for (TableSpec table : template.tables(namePrefix)) {
                if (!existing.contains(table.tableName())) {
                    create(table);
                }
                if (table.ttlAttribute() != null) {
                    enableTimeToLive(table);
                }
            }
        }
    }

    /** Creates the bucket unless it exists. The S3 client is closed afterwards. */
    public void createBucket(S3Client s3, String bucket) {
        try (s3) {
            try {
                s3.headBucket(b -> b.bucket(bucket));
            } catch (NoSuchBucketException missing) {
                try {
                    s3.createBucket(b -> b.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException raced) {
                    // Another stack on the same data directory created it first.
                }
            }
        }
    }

    private void create(TableSpec table) {
        Map<String, AttributeDefinition> definitions = new LinkedHashMap<>();
        table.keys().forEach(k -> definitions.putIfAbsent(k.name(), definition(k)));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableSpec.SecondaryIndex index : table.globalSecondaryIndexes()) {
            index.keys().forEach(k -> definitions.putIfAbsent(k.name(), definition(k)));
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(index.indexName())
                    .keySchema(keySchema(index.keys()))
                    .projection(Projection.builder()
                            .projectionType(index.projectionType())
                            .nonKeyAttributes(index.nonKeyAttributes().isEmpty() ? null : index.nonKeyAttributes())
                            .build())
                    .build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(table.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(definitions.values())
                .keySchema(keySchema(table.keys()));
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        try {
            dynamoDb.createTable(request.build());
        } catch (ResourceInUseException raced) {
            // Created concurrently by another stack sharing the database: same template, same table.
        }
    }

    private void enableTimeToLive(TableSpec table) {
        TimeToLiveStatus status = dynamoDb.describeTimeToLive(r -> r.tableName(table.tableName()))
                .timeToLiveDescription().timeToLiveStatus();
        if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
            dynamoDb.updateTimeToLive(r -> r.tableName(table.tableName())
                    .timeToLiveSpecification(s -> s.attributeName(table.ttlAttribute()).enabled(true)));
        }
    }

    private static AttributeDefinition definition(KeyAttribute key) {
        return AttributeDefinition.builder()
                .attributeName(key.name())
                .attributeType(ScalarAttributeType.fromValue(key.type().name()))
                .build();
    }

    private static List<KeySchemaElement> keySchema(List<KeyAttribute> keys) {
        return keys.stream()
                .map(k -> KeySchemaElement.builder()
                        .attributeName(k.name())
                        .keyType(KeyType.fromValue(k.role().name()))
                        .build())
                .toList();
    }
}
