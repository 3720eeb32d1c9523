package dev.tributary.functions.security;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.AclEntry;
import dev.tributary.core.api.AclList;
import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.functions.http.JsonBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.util.ArrayList;
import java.util.List;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code /v1/acls}: list (DESCRIBE on the cluster), add and remove (ALTER on the cluster)
 * ACL entries. An entry is {@code {"principal": "User:alice", "resourceType": "TOPIC",
 * "resourceName": "orders", "patternType": "LITERAL", "operation": "READ",
 * "permission": "ALLOW"}}; removal names every field as a query parameter.
 */
@Controller
@Consumes(MediaType.ALL)
public class AclsController {
    private final Authorizer authorizer;
    private final JsonBodies json;

    public AclsController(Authorizer authorizer, JsonBodies json) {
        this.authorizer = authorizer;
        this.json = json;
    }

    @Get(ApiPaths.ACLS)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.DESCRIBE)
    public AclList list(@Nullable @QueryValue String principal) {
        List<AclEntry> out = new ArrayList<>();
        for (AclBinding acl : authorizer.list()) {
            if (principal == null || acl.principal().equals(principal)) {
                out.add(toJson(acl));
            }
        }
        return new AclList(out);
    }

    @Post(ApiPaths.ACLS)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.ALTER)
    public HttpResponse<AclEntry> add(@Body @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AclEntry.class))}) byte[] body) {
        AclEntry req = json.read(body, AclEntry.class);
        AclBinding acl = AclBinding.of(req.principal(), req.resourceType(), req.resourceName(), req.patternType(),
                req.operation(), req.permission());
        authorizer.add(acl);
        return HttpResponse.status(HttpStatus.CREATED).body(toJson(acl));
    }

    @ApiResponse(responseCode = "204", description = "The ACL was removed.")
    @Delete(ApiPaths.ACLS)
    @Authorize(resource = ResourceType.CLUSTER, operation = AclOperation.ALTER)
    public HttpResponse<?> remove(@Nullable @QueryValue String principal, @Nullable @QueryValue String resourceType,
                                  @Nullable @QueryValue String resourceName, @Nullable @QueryValue String patternType,
                                  @Nullable @QueryValue String operation, @Nullable @QueryValue String permission) {
        AclBinding acl = AclBinding.of(principal, resourceType, resourceName, patternType, operation, permission);
        if (!authorizer.remove(acl)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No such ACL: " + toJson(acl) + ".");
        }
        return HttpResponse.noContent();
    }

    static AclEntry toJson(AclBinding acl) {
        return new AclEntry(acl.principal(), acl.resourceType().name(), acl.resourceName(), acl.patternType().name(),
                acl.operation().name(), acl.permission().name());
    }
}
