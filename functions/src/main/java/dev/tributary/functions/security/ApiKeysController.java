package dev.tributary.functions.security;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.CreateApiKeyRequest;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.storage.ApiKeyStore;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

/**
 * {@code /v1/api-keys}: create (the key is in the answer and nowhere else), list (ids and
 * principals only) and revoke API keys. Needs ALTER on the cluster, which super users
 * ({@code tributary.security.super-users}) always have.
 */
@Controller
@Consumes(MediaType.ALL)
public class ApiKeysController {
    private final ApiKeys keys;
    private final ApiKeyStore store;
    private final JsonBodies json;

    public ApiKeysController(ApiKeys keys, ApiKeyStore store, JsonBodies json) {
        this.keys = keys;
        this.store = store;
        this.json = json;
    }

    @Post(ApiPaths.API_KEYS)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.ALTER)
    public HttpResponse<Map<String, Object>> create(@Body @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateApiKeyRequest.class))}) byte[] body) {
        Principal principal = Principal.parse(json.read(body, CreateApiKeyRequest.class).principal());
        String key = keys.create(principal);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keyId", ApiKeys.keyId(key));
        out.put("principal", principal.toString());
        out.put("apiKey", key);
        return HttpResponse.status(HttpStatus.CREATED).body(out);
    }

    @Get(ApiPaths.API_KEYS)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.ALTER)
    public Map<String, Object> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ApiKeyStore.ApiKeyInfo k : store.list()) {
            out.add(Map.of("keyId", k.keyId(), "principal", k.principal(), "createdAtMs", k.createdAtMs()));
        }
        return Map.of("apiKeys", out);
    }

    @Delete(ApiPaths.API_KEY_ROUTE)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.ALTER)
    public HttpResponse<?> revoke(@PathVariable String keyId) {
        if (!keys.revoke(keyId)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No API key has id '" + keyId + "'.");
        }
        return HttpResponse.noContent();
    }
}
