package dev.tributary.functions.security;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.QuotaLimits;
import dev.tributary.core.api.QuotaList;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.http.JsonBodies;
import dev.tributary.storage.QuotaStore;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import java.util.ArrayList;
import java.util.List;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code /v1/quotas}: the default limits and the per-principal overrides (DESCRIBE on the
 * cluster to read, ALTER to change). {@code PUT /v1/quotas/User:alice}
 * {@code {"produceBytesPerSecond": 1048576, "fetchBytesPerSecond": -1, "requestsPerSecond": 100}}:
 * a missing field keeps the default, -1 is unlimited.
 */
@Controller
@Consumes(MediaType.ALL)
public class QuotasController {
    private final Quotas quotas;
    private final QuotaConfig config;
    private final JsonBodies json;

    public QuotasController(Quotas quotas, QuotaConfig config, JsonBodies json) {
        this.quotas = quotas;
        this.config = config;
        this.json = json;
    }

    @Get(ApiPaths.QUOTAS)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.DESCRIBE)
    public QuotaList list() {
        List<QuotaLimits> overrides = new ArrayList<>();
        quotas.overrides().forEach((principal, limits) -> overrides.add(answer(principal, limits)));
        return new QuotaList(new QuotaList.Defaults(config.getProduceBytesPerSecond(), config.getFetchBytesPerSecond(),
                config.getRequestsPerSecond()), overrides);
    }

    @Put(ApiPaths.QUOTA_ROUTE)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.ALTER)
    public QuotaLimits set(@PathVariable String principal,
                           @Body @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = QuotaLimits.class))}) byte[] body) {
        Principal p = Principal.parse(principal);
        QuotaLimits req = json.read(body, QuotaLimits.class);
        QuotaStore.QuotaLimits limits = new QuotaStore.QuotaLimits(req.produceBytesPerSecond(), req.fetchBytesPerSecond(),
                req.requestsPerSecond());
        quotas.setOverride(p, limits);
        return answer(p.toString(), limits);
    }

    @ApiResponse(responseCode = "204", description = "The principal's overrides were removed; it gets the defaults.")
    @Delete(ApiPaths.QUOTA_ROUTE)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.ALTER)
    public HttpResponse<?> remove(@PathVariable String principal) {
        if (!quotas.removeOverride(Principal.parse(principal))) {
            throw new ApiException(ErrorCode.NOT_FOUND, principal + " has no quota overrides.");
        }
        return HttpResponse.noContent();
    }

    private static QuotaLimits answer(String principal, QuotaStore.QuotaLimits limits) {
        return new QuotaLimits(principal, limits.produceBytesPerSecond(), limits.fetchBytesPerSecond(),
                limits.requestsPerSecond());
    }
}
