package dev.tributary.functions.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.security.SecuredServer.Reply;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every {@code /v1} endpoint, its permission, and a call to it by a principal that has no
 * ACL at all. Adding an endpoint without adding it here fails
 * {@link #everyEndpoint_hasAMappingAndARowInThisTable}; the table is also the list of
 * endpoints and permissions in docs/security.md.
 */
class EndpointPermissionsTest {
    private static final SecuredServer SECURED = SecuredServer.shared();

    /** One endpoint: the permission it needs, and a concrete call to it. */
    private record Row(String permission, String path, String body, int statusWithoutAcl) {
    }

    private static final String T = "perm-topic";
    private static final String G = "perm-group";
    private static final String ACL = "{\"principal\":\"User:nobody\",\"resourceType\":\"TOPIC\",\"resourceName\":\"x\","
            + "\"patternType\":\"LITERAL\",\"operation\":\"READ\",\"permission\":\"ALLOW\"}";

    private static Map<String, Row> table() {
        Map<String, Row> t = new LinkedHashMap<>();
        t.put("POST /v1/topics", new Row("TOPIC:CREATE (handler: name from body, or CLUSTER:CREATE)", "/v1/topics",
                "{\"name\":\"" + T + "-new\",\"partitions\":1}", 403));
        t.put("GET /v1/topics", new Row("TOPIC:DESCRIBE (handler: listing filtered)", "/v1/topics", null, 200));
        t.put("GET /v1/topics/{topic}", new Row("TOPIC:DESCRIBE", "/v1/topics/" + T, null, 403));
        t.put("PATCH /v1/topics/{topic}", new Row("TOPIC:ALTER_CONFIGS", "/v1/topics/" + T,
                "{\"config\":{\"retention.ms\":1000}}", 403));
        t.put("POST /v1/topics/{topic}/partitions", new Row("TOPIC:ALTER", "/v1/topics/" + T + "/partitions",
                "{\"count\":2}", 403));
        t.put("DELETE /v1/topics/{topic}", new Row("TOPIC:DELETE", "/v1/topics/" + T, null, 403));
        t.put("POST /v1/topics/{topic}/records", new Row("TOPIC:WRITE", "/v1/topics/" + T + "/records",
                "{\"records\":[{\"value\":\"x\"}]}", 403));
        t.put("GET /v1/topics/{topic}/partitions/{partition}/records", new Row("TOPIC:READ",
                "/v1/topics/" + T + "/partitions/0/records", null, 403));
        t.put("GET /v1/topics/{topic}/partitions/{partition}/offsets", new Row("TOPIC:DESCRIBE",
                "/v1/topics/" + T + "/partitions/0/offsets", null, 403));
        t.put("GET /v1/topics/{topic}/partitions/{partition}/segments", new Row("TOPIC:READ",
                "/v1/topics/" + T + "/partitions/0/segments", null, 403));
        t.put("GET /v1/stats", new Row("CLUSTER:DESCRIBE", "/v1/stats", null, 403));
        t.put("GET /v1/maintenance", new Row("CLUSTER:DESCRIBE", "/v1/maintenance", null, 403));
        t.put("POST /v1/topics/{topic}/partitions/{partition}/delete-records", new Row("TOPIC:DELETE",
                "/v1/topics/" + T + "/partitions/0/delete-records", "{\"beforeOffset\":0}", 403));
        t.put("POST /v1/producers", new Row("CLUSTER:IDEMPOTENT_WRITE (handler: or WRITE on any topic)",
                "/v1/producers", null, 403));
        t.put("GET /v1/groups", new Row("GROUP:DESCRIBE (handler: listing filtered)", "/v1/groups", null, 200));
        t.put("GET /v1/groups/{group}", new Row("GROUP:DESCRIBE", "/v1/groups/" + G, null, 403));
        t.put("POST /v1/groups/{group}/heartbeat", new Row("GROUP:READ + TOPIC:DESCRIBE per subscribed topic (handler)", "/v1/groups/" + G + "/heartbeat",
                "{\"memberEpoch\":0,\"topics\":[\"" + T + "\"]}", 403));
        t.put("POST /v1/groups/{group}/offsets", new Row("GROUP:READ + TOPIC:READ per topic (handler)",
                "/v1/groups/" + G + "/offsets", "{\"offsets\":[{\"topic\":\"" + T + "\",\"partition\":0,\"offset\":1}]}", 403));
        t.put("GET /v1/groups/{group}/offsets", new Row("GROUP:DESCRIBE", "/v1/groups/" + G + "/offsets", null, 403));
        t.put("DELETE /v1/groups/{group}/offsets", new Row("GROUP:DELETE", "/v1/groups/" + G + "/offsets", null, 403));
        t.put("DELETE /v1/groups/{group}", new Row("GROUP:DELETE", "/v1/groups/" + G, null, 403));
        t.put("GET /v1/acls", new Row("CLUSTER:DESCRIBE", "/v1/acls", null, 403));
        t.put("POST /v1/acls", new Row("CLUSTER:ALTER", "/v1/acls", ACL, 403));
        t.put("DELETE /v1/acls", new Row("CLUSTER:ALTER", "/v1/acls?principal=User:nobody&resourceType=TOPIC"
                + "&resourceName=x&patternType=LITERAL&operation=READ&permission=ALLOW", null, 403));
        t.put("POST /v1/api-keys", new Row("CLUSTER:ALTER", "/v1/api-keys", "{\"principal\":\"User:nobody\"}", 403));
        t.put("GET /v1/api-keys", new Row("CLUSTER:ALTER", "/v1/api-keys", null, 403));
        t.put("DELETE /v1/api-keys/{keyId}", new Row("CLUSTER:ALTER", "/v1/api-keys/0123456789abcdef", null, 403));
        t.put("GET /v1/quotas", new Row("CLUSTER:DESCRIBE", "/v1/quotas", null, 403));
        t.put("PUT /v1/quotas/{principal}", new Row("CLUSTER:ALTER", "/v1/quotas/User:nobody",
                "{\"requestsPerSecond\":-1}", 403));
        t.put("DELETE /v1/quotas/{principal}", new Row("CLUSTER:ALTER", "/v1/quotas/User:nobody", null, 403));
        return t;
    }

    private static Map<String, AnnotationValue<Authorize>> routes() {
        Map<String, AnnotationValue<Authorize>> routes = new TreeMap<>();
        SECURED.server.context().getBean(Router.class).uriRoutes().forEach(r -> {
            String path = r.getUriMatchTemplate().toPathString();
            // HEAD routes are derived from the GET routes and share their mapping.
            if (path.startsWith("/v1") && !r.getHttpMethodName().equals("HEAD")) {
                routes.put(r.getHttpMethodName() + " " + path.replaceAll("\\{([a-zA-Z]+)[^}]*}", "{$1}"),
                        ((UriRouteInfo<?, ?>) r).getAnnotationMetadata().getAnnotation(Authorize.class));
            }
        });
        return routes;
    }

    @Test
    void everyEndpoint_hasAMappingAndARowInThisTable() {
        Map<String, AnnotationValue<Authorize>> routes = routes();
        assertThat(routes).isNotEmpty();
        routes.forEach((route, mapping) -> assertThat(mapping).as("@Authorize on " + route).isNotNull());
        assertThat(table().keySet()).as("endpoints in the permission table").containsExactlyInAnyOrderElementsOf(routes.keySet());
        table().forEach((route, row) -> {
            AnnotationValue<Authorize> mapping = routes.get(route);
            String declared = mapping.enumValue("resource", ResourceType.class).orElseThrow() + ":"
                    + mapping.enumValue("operation", AclOperation.class).orElseThrow();
            assertThat(row.permission()).as(route).startsWith(declared);
        });
    }

    @Test
    void everyEndpoint_refusesAPrincipalWithoutPermission_andChangesNothing() {
        SECURED.admin("POST", "/v1/topics", "{\"name\":\"" + T + "\",\"partitions\":1}");
        String nobody = SECURED.keyFor("User:nobody");
        for (Map.Entry<String, Row> e : table().entrySet()) {
            String method = e.getKey().substring(0, e.getKey().indexOf(' '));
            Row row = e.getValue();
            Reply r = SECURED.call(method, row.path(), nobody, row.body());
            assertThat(r.status()).as(e.getKey() + ": " + r.raw().body()).isEqualTo(row.statusWithoutAcl());
            if (r.status() == 403) {
                assertThat(r.errorCode()).as(e.getKey()).isEqualTo("FORBIDDEN");
            } else {
                assertThat(r.body().toString()).as(e.getKey() + " lists nothing").doesNotContain(T).doesNotContain(G);
            }
        }
        Reply topic = SECURED.admin("GET", "/v1/topics/" + T, null);
        assertThat(topic.body().at("/partitions/0/latestOffset").asLong()).isZero();
        assertThat(topic.body().get("partitions")).hasSize(1);
        assertThat(SECURED.admin("GET", "/v1/topics/" + T + "-new", null).status()).isEqualTo(404);
        assertThat(SECURED.admin("GET", "/v1/acls?principal=User:nobody", null).body().get("acls")).isEmpty();
    }

    @Test
    void unauthenticatedCalls_are401_onEveryEndpoint() {
        for (Map.Entry<String, Row> e : table().entrySet()) {
            String method = e.getKey().substring(0, e.getKey().indexOf(' '));
            Reply r = SECURED.call(method, e.getValue().path(), null, e.getValue().body());
            assertThat(r.status()).as(e.getKey()).isEqualTo(401);
        }
    }
}
