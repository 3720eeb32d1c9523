package dev.tributary.functions.security;

import dev.tributary.core.api.ApiKeyList;
import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.CreateApiKeyRequest;
import dev.tributary.core.api.CreatedApiKey;
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
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

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

    @ApiResponse(responseCode = "201", description = "The new key, shown this once.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedApiKey.class)))
    @Post(ApiPaths.API_KEYS)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.ALTER)
    public HttpResponse<CreatedApiKey> create(@Body @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateApiKeyRequest.class))}) byte[] body) {
        Principal principal = Principal.parse(json.read(body, CreateApiKeyRequest.class).principal());
        String key = keys.create(principal);
        return HttpResponse.status(HttpStatus.CREATED).body(new CreatedApiKey(ApiKeys.keyId(key), principal.toString(), key));
    }

    @Get(ApiPaths.API_KEYS)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.ALTER)
    public ApiKeyList list() {
        return new ApiKeyList(store.list().stream()
                .map(k -> new ApiKeyList.Entry(k.keyId(), k.principal(), k.createdAtMs())).toList());
    }

    @ApiResponse(responseCode = "204", description = "The key was revoked.")
    @Delete(ApiPaths.API_KEY_ROUTE)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.ALTER)
    public HttpResponse<?> revoke(@PathVariable String keyId) {
        if (!keys.revoke(keyId)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No API key has id '" + keyId + "'.");
        }
        return HttpResponse.noContent();
    }
}
