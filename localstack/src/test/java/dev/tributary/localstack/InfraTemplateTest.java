package dev.tributary.localstack;

import dev.tributary.localstack.TableSpec.AttributeType;
import dev.tributary.localstack.TableSpec.KeyAttribute;
import dev.tributary.localstack.TableSpec.KeyRole;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfraTemplateTest {

    private final InfraTemplate template = InfraTemplate.load();

    @Test
    void tables_haveExactlyTheKeysTheCodeDependsOn() {
        Map<String, TableSpec> tables = template.tables("tributary").stream()
                .collect(Collectors.toMap(TableSpec::tableName, Function.identity()));

        assertThat(tables).containsOnlyKeys("tributary-topics", "tributary-partitions", "tributary-batches",
                "tributary-segments", "tributary-producers", "tributary-leases", "tributary-groups", "tributary-log",
                "tributary-security");
        assertThat(tables.get("tributary-topics").keys()).containsExactly(hash("name", AttributeType.S));
        assertThat(tables.get("tributary-partitions").keys())
                .containsExactly(hash("topicId", AttributeType.S), range("partition", AttributeType.N));
        assertThat(tables.get("tributary-batches").keys())
                .containsExactly(hash("tp", AttributeType.S), range("baseOffset", AttributeType.N));
        assertThat(tables.get("tributary-segments").keys()).containsExactly(hash("segmentKey", AttributeType.S));
        assertThat(tables.get("tributary-producers").keys())
                .containsExactly(hash("pk", AttributeType.S), range("sk", AttributeType.S));
        assertThat(tables.get("tributary-leases").keys()).containsExactly(hash("name", AttributeType.S));
        assertThat(tables.get("tributary-groups").keys())
                .containsExactly(hash("group", AttributeType.S), range("sk", AttributeType.S));
        assertThat(tables.get("tributary-log").keys())
                .containsExactly(hash("shard", AttributeType.S), range("seq", AttributeType.N));
        assertThat(tables.get("tributary-security").keys())
                .containsExactly(hash("pk", AttributeType.S), range("sk", AttributeType.S));
    }

    @Test
    void tables_onlyLeasesHaveTimeToLive() {
        assertThat(template.tables("tributary"))
                .filteredOn(t -> t.ttlAttribute() != null)
                .extracting(TableSpec::logicalId, TableSpec::ttlAttribute)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LeasesTable", "ttl"));
    }

    @Test
    void tableNamesBySuffix_resolvesTheNamePrefix() {
        assertThat(template.tableNamesBySuffix("dev1"))
                .containsEntry("topics", "dev1-topics")
                .containsEntry("batches", "dev1-batches")
                .containsEntry("log", "dev1-log")
                .hasSize(9);
        assertThat(template.defaultNamePrefix()).isEqualTo("tributary");
    }

    @Test
    void bucketLogicalId_isTheSegmentBucket() {
        assertThat(template.bucketLogicalId()).isEqualTo("SegmentBucket");
    }

    @Test
    void functions_areDeclaredWithTheirHandlers() {
        assertThat(template.resource("ApiFunction")).containsEntry("Type", "AWS::Serverless::Function");
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) template.resource("MaintenanceFunction").get("Properties");
        assertThat(properties).containsEntry("Handler", "dev.tributary.functions.lambda.MaintenanceHandler::handleRequest");
    }

    @Test
    void parse_acceptsLongFormIntrinsicsAndSecondaryIndexes() {
        String yaml = """
                Parameters:
                  NamePrefix: {Type: String, Default: x}
                Resources:
                  Things:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: {"Fn::Sub": "${NamePrefix}-things-${AWS::NoValue}"}
                      AttributeDefinitions:
                        - {AttributeName: id, AttributeType: S}
                        - {AttributeName: owner, AttributeType: S}
                        - {AttributeName: at, AttributeType: N}
                      KeySchema:
                        - {AttributeName: id, KeyType: HASH}
                      GlobalSecondaryIndexes:
                        - IndexName: byOwner
                          KeySchema:
                            - {AttributeName: at, KeyType: RANGE}
                            - {AttributeName: owner, KeyType: HASH}
                          Projection: {ProjectionType: KEYS_ONLY}
                  Other:
                    Type: AWS::S3::Bucket
                    Properties:
                      Tags: !If [cond, !GetAtt A.Arn, !Ref AWS::NoValue]
                """;
        InfraTemplate parsed = InfraTemplate.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> parsed.tables("p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS::NoValue");
        String fixed = yaml.replace("-${AWS::NoValue}", "");
        TableSpec table = InfraTemplate.parse(new ByteArrayInputStream(fixed.getBytes(StandardCharsets.UTF_8)))
                .tables("p").get(0);
        assertThat(table.tableName()).isEqualTo("p-things");
        assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("byOwner");
            assertThat(index.keys()).containsExactly(hash("owner", AttributeType.S), range("at", AttributeType.N));
            assertThat(index.projectionType()).isEqualTo("KEYS_ONLY");
        });
        assertThat(parsed.bucketLogicalId()).isEqualTo("Other");
    }

    private static KeyAttribute hash(String name, AttributeType type) {
        return new KeyAttribute(name, type, KeyRole.HASH);
    }

    private static KeyAttribute range(String name, AttributeType type) {
        return new KeyAttribute(name, type, KeyRole.RANGE);
    }
}
