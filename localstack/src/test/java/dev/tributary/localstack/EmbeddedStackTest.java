package dev.tributary.localstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour of the shared stack that the product relies on. */
class EmbeddedStackTest {

    private static EmbeddedStack stack;
    private static DynamoDbClient dynamoDb;
    private static S3Client s3;

    @BeforeAll
    static void connect() {
        stack = EmbeddedStack.shared();
        dynamoDb = stack.dynamoDbClient();
        s3 = stack.s3Client();
    }

    @AfterAll
    static void disconnect() {
        dynamoDb.close();
        s3.close();
    }

    @Test
    void tables_matchTheTemplateKeySchemas() {
        for (TableSpec spec : stack.template().tables(stack.namePrefix())) {
            TableDescription table = dynamoDb.describeTable(r -> r.tableName(spec.tableName())).table();

            Map<String, String> expectedKeys = spec.keys().stream()
                    .collect(Collectors.toMap(TableSpec.KeyAttribute::name, k -> k.role().name()));
            assertThat(table.keySchema().stream()
                    .collect(Collectors.toMap(KeySchemaElement::attributeName, KeySchemaElement::keyTypeAsString)))
                    .as(spec.tableName())
                    .isEqualTo(expectedKeys);
            Map<String, String> expectedTypes = spec.keys().stream()
                    .collect(Collectors.toMap(TableSpec.KeyAttribute::name, k -> k.type().name()));
            assertThat(table.attributeDefinitions().stream()
                    .collect(Collectors.toMap(d -> d.attributeName(), d -> d.attributeTypeAsString())))
                    .as(spec.tableName())
                    .isEqualTo(expectedTypes);
            assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        }
        assertThat(stack.tableNames()).containsEntry("leases", "tributary-leases").hasSize(9);
    }

    @Test
    void leasesTable_hasTimeToLiveOnTtl() {
        var ttl = dynamoDb.describeTimeToLive(r -> r.tableName(stack.tableNames().get("leases"))).timeToLiveDescription();

        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("ttl");
    }

    @Test
    void conditionalWrite_isEnforced() {
        String table = stack.tableNames().get("topics");
        String name = "t-" + UUID.randomUUID();
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of("name", AttributeValue.fromS(name)))
                .conditionExpression("attribute_not_exists(#n)").expressionAttributeNames(Map.of("#n", "name")));

        assertThatThrownBy(() -> dynamoDb.putItem(r -> r.tableName(table)
                .item(Map.of("name", AttributeValue.fromS(name)))
                .conditionExpression("attribute_not_exists(#n)").expressionAttributeNames(Map.of("#n", "name"))))
                .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException.class);
    }

    /**
     * What the product relies on: a conditional PUT of an existing key never replaces the
     * object, and never reports success. s3proxy answers the refusal with 412 and then closes
     * the connection, sometimes before the client has read the answer; the client then sees
     * a connection error instead of the 412. Such an error counts as the refusal only because
     * the object still holds the first body afterwards, which the test checks either way.
     */
    @Test
    void putIfNoneMatch_secondPutOfSameKey_isRefusedAndLeavesTheFirstObject() {
        String key = "segments/" + UUID.randomUUID();
        PutOutcome first = putIfAbsent(key, "first");
        // A retried first PUT whose earlier attempt did land is refused as well.
        assertThat(first).isNotEqualTo(PutOutcome.CONNECTION_CLOSED);

        PutOutcome second = putIfAbsent(key, "second");

        assertThat(second).isIn(PutOutcome.REFUSED_412, PutOutcome.CONNECTION_CLOSED);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(stack.bucket()).key(key)).asUtf8String()).isEqualTo("first");
    }

    private enum PutOutcome { STORED, REFUSED_412, CONNECTION_CLOSED }

    private static PutOutcome putIfAbsent(String key, String body) {
        try {
            s3.putObject(r -> r.bucket(stack.bucket()).key(key).ifNoneMatch("*"), RequestBody.fromString(body));
            return PutOutcome.STORED;
        } catch (S3Exception e) {
            assertThat(e.statusCode()).as("status of a refused conditional PUT").isEqualTo(412);
            return PutOutcome.REFUSED_412;
        } catch (SdkClientException e) {
            return PutOutcome.CONNECTION_CLOSED;
        }
    }

    @Test
    void rangedGet_returnsExactlyTheRange() {
        String key = "segments/" + UUID.randomUUID();
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        s3.putObject(r -> r.bucket(stack.bucket()).key(key), RequestBody.fromBytes(data));

        ResponseBytes<GetObjectResponse> middle = s3.getObjectAsBytes(r -> r.bucket(stack.bucket()).key(key).range("bytes=100-1123"));
        ResponseBytes<GetObjectResponse> tail = s3.getObjectAsBytes(r -> r.bucket(stack.bucket()).key(key).range("bytes=-16"));

        assertThat(middle.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(data, 100, 1124));
        assertThat(middle.response().contentRange()).isEqualTo("bytes 100-1123/4096");
        assertThat(tail.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(data, 4080, 4096));
    }

    @Test
    void presignedGet_fetchedWithPlainHttp_returnsTheBytesAndHonoursRange() throws Exception {
        String key = "segments/" + UUID.randomUUID();
        s3.putObject(r -> r.bucket(stack.bucket()).key(key), RequestBody.fromString("hello presigned world"));
        PresignedGetObjectRequest presigned;
        try (S3Presigner presigner = stack.s3Presigner()) {
            presigned = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(stack.bucket()).key(key)));
        }
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> whole = http.send(HttpRequest.newBuilder(presigned.url().toURI()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> ranged = http.send(HttpRequest.newBuilder(presigned.url().toURI())
                        .header("Range", "bytes=6-14").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo("hello presigned world");
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).isEqualTo("presigned");
    }

    @Test
    void unsignedRequest_isRejected() throws Exception {
        String key = "segments/" + UUID.randomUUID();
        s3.putObject(r -> r.bucket(stack.bucket()).key(key), RequestBody.fromString("secret"));
        URI plain = URI.create(stack.s3Endpoint() + "/" + stack.bucket() + "/" + key);

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
    }
}
