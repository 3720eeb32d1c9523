package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The served OpenAPI document describes the JSON bodies by their typed records: every JSON
 * request body refers to a component schema, and the schemas carry the records' constraints.
 */
class OpenApiSchemasTest {
    private final TestServer server = TestServer.shared();

    @SuppressWarnings("unchecked")
    private Map<String, Object> document() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.uri().resolve("/openapi.yml")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new Yaml().load(r.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> node, String... keys) {
        Map<String, Object> current = node;
        for (String key : keys) {
            current = (Map<String, Object>) current.get(key);
            assertThat(current).as(String.join("/", keys)).isNotNull();
        }
        return current;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyJsonRequestBody_refersToATypedSchema() throws Exception {
        Map<String, Object> doc = document();
        Map<String, Object> schemas = at(doc, "components", "schemas");
        List<String> typed = new ArrayList<>();
        at(doc, "paths").forEach((path, item) -> ((Map<String, Object>) item).forEach((method, op) -> {
            Object body = ((Map<String, Object>) op).get("requestBody");
            if (body == null) {
                return;
            }
            Map<String, Object> json = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) body)
                    .get("content")).get("application/json");
            assertThat(json).as(method + " " + path + " takes JSON").isNotNull();
            String ref = (String) ((Map<String, Object>) json.get("schema")).get("$ref");
            assertThat(ref).as(method + " " + path).startsWith("#/components/schemas/");
            assertThat(schemas).containsKey(ref.substring("#/components/schemas/".length()));
            typed.add(method.toUpperCase() + " " + path);
        }));
        assertThat(typed).contains("POST /v1/topics", "POST /v1/topics/{topic}/records", "POST /v1/groups/{group}/heartbeat",
                "POST /v1/groups/{group}/offsets", "POST /v1/acls", "PUT /v1/quotas/{principal}",
                "POST /v1/topics/{topic}/partitions/{partition}/delete-records");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyJsonAnswer_refersToATypedSchema() throws Exception {
        Map<String, Object> doc = document();
        Map<String, Object> schemas = at(doc, "components", "schemas");
        Map<String, String> answers = new java.util.TreeMap<>();
        at(doc, "paths").forEach((path, item) -> ((Map<String, Object>) item).forEach((method, op) -> {
            Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) op).get("responses");
            if (responses == null) {
                return;
            }
            responses.forEach((status, response) -> {
                Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) response).get("content");
                if (!status.startsWith("2") || content == null || !content.containsKey("application/json")) {
                    return;
                }
                Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) content.get("application/json")).get("schema");
                String ref = schema == null ? null : (String) schema.get("$ref");
                String route = method.toUpperCase() + " " + path;
                assertThat(ref).as(route + " answers " + schema).startsWith("#/components/schemas/");
                assertThat(schemas).containsKey(ref.substring("#/components/schemas/".length()));
                answers.put(route, ref.substring("#/components/schemas/".length()));
            });
        }));
        assertThat(answers).containsEntry("GET /v1/groups/{group}", "GroupInfo")
                .containsEntry("GET /v1/maintenance", "MaintenanceRuns")
                .containsEntry("POST /v1/topics/{topic}/partitions/{partition}/delete-records", "DeleteRecordsResponse")
                .containsEntry("GET /v1/groups/{group}/offsets", "CommittedOffsets")
                .containsEntry("POST /v1/groups/{group}/offsets", "CommittedOffsets")
                .containsEntry("DELETE /v1/groups/{group}", "GroupDeleted")
                .containsEntry("DELETE /v1/groups/{group}/offsets", "OffsetsDeleted")
                .containsEntry("GET /v1/quotas", "QuotaList")
                .containsEntry("PUT /v1/quotas/{principal}", "QuotaLimits")
                .containsEntry("GET /v1/api-keys", "ApiKeyList")
                .containsEntry("POST /v1/api-keys", "CreatedApiKey")
                .containsEntry("GET /v1/stats", "ServiceStats")
                .containsEntry("GET /v1/topics/{topic}/partitions/{partition}/offsets", "OffsetLookup");
    }

    @Test
    @SuppressWarnings("unchecked")
    void schemas_carryTheRecordsConstraints() throws Exception {
        Map<String, Object> schemas = at(document(), "components", "schemas");

        Map<String, Object> createTopic = at(schemas, "CreateTopicRequest");
        assertThat((List<String>) createTopic.get("required")).containsExactly("name");
        assertThat(at(createTopic, "properties", "partitions")).containsEntry("minimum", 1).containsEntry("maximum", 10_000);
        Map<String, Object> produce = at(schemas, "ProduceRequest");
        assertThat((List<String>) produce.get("required")).containsExactly("records");
        assertThat(at(produce, "properties", "records")).containsEntry("minItems", 1);
        assertThat(at(schemas, "ProduceRecord", "properties", "timestamp")).containsEntry("minimum", 0);
        assertThat((List<String>) at(schemas, "PartitionOffset").get("required"))
                .containsExactlyInAnyOrder("topic", "partition", "offset");
    }

    @Test
    void schemas_describeTheRules_thatConstraintsCannotState() throws Exception {
        Map<String, Object> schemas = at(document(), "components", "schemas");
        Map<String, Object> name = at(schemas, "CreateTopicRequest", "properties", "name");
        assertThat(name).containsEntry("pattern", "^[a-zA-Z0-9._-]{1,249}$");
        assertThat(java.util.regex.Pattern.compile((String) name.get("pattern")).matcher("orders.v2_eu-1").matches()).isTrue();
        assertThat((String) name.get("description")).isNotBlank();
        assertThat((String) at(schemas, "CreateTopicRequest").get("description")).isNotBlank();
        for (String schema : List.of("CreateTopicRequest", "AlterTopicConfigRequest")) {
            String config = (String) at(schemas, schema, "properties", "config").get("description");
            assertThat(config).as(schema + " names every configuration key")
                    .contains(dev.tributary.storage.TopicConfig.KEYS);
        }
        assertThat((String) at(schemas, "CreatePartitionsRequest", "properties", "count").get("description")).isNotBlank();
    }

    @Test
    void document_carriesNoImplementationExtensions() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.uri().resolve("/openapi.yml")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).doesNotContain("x-not-null-message");
    }
}
