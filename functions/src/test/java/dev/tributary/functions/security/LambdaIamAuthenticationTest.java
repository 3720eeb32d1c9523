package dev.tributary.functions.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.LambdaTestHandler;
import dev.tributary.functions.contract.ApiResponse;
import dev.tributary.functions.contract.LambdaTransport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On Lambda the caller is the IAM principal API Gateway verified: a request without that
 * context (an unsigned request that somehow reached the function) is refused, a signed one
 * runs as {@code User:<arn>} (the contract tests' role is a super user), is authorized by
 * ACLs like any principal, and owns the producer ids it allocates.
 */
class LambdaIamAuthenticationTest {
    private final LambdaTransport signed = new LambdaTransport(LambdaTestHandler.shared());
    private final LambdaTransport otherRole = new LambdaTransport(LambdaTestHandler.shared(),
            "arn:aws:iam::123456789012:role/other");
    private final LambdaTransport unsigned = new LambdaTransport(LambdaTestHandler.shared(), null);

    @Test
    void unsignedRequest_is401() {
        ApiResponse r = unsigned.get("/v1/topics");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("errorCode").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void signedRequest_runsAsItsIamPrincipal() {
        assertThat(signed.get("/v1/topics").status()).isEqualTo(200);
        assertThat(otherRole.post("/v1/producers", Map.of()).status()).as("no ACL yet").isEqualTo(403);
        assertThat(signed.post("/v1/acls", Map.of("principal", "User:arn:aws:iam::123456789012:role/other",
                "resourceType", "CLUSTER", "resourceName", "kafka-cluster", "patternType", "LITERAL",
                "operation", "IDEMPOTENT_WRITE", "permission", "ALLOW")).status()).isEqualTo(201);
        long id = signed.post("/v1/producers", Map.of()).json().get("producerId").asLong();
        assertThat(otherRole.post("/v1/producers", Map.of("producerId", id)).status()).isEqualTo(400);
        assertThat(signed.post("/v1/producers", Map.of("producerId", id)).status()).isEqualTo(200);
    }
}
