package dev.tributary.functions.http;

import dev.tributary.core.api.ApiPaths;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the OpenAPI 3 document generated from the controllers at build time
 * ({@code META-INF/swagger/openapi.yml}) at {@code /openapi.yml}; the Swagger UI is at
 * {@code /swagger-ui/}. Stateless and thread-safe.
 */
@OpenAPIDefinition(info = @Info(title = "Tributary", version = "v1",
        description = "A serverless, Kafka-like event log: data in S3, order in DynamoDB. Errors are "
                + "application/problem+json with a stable errorCode.",
        license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")))
@Controller
@Hidden
public class OpenApiController {
    static final String DOCUMENT = "META-INF/swagger/openapi.yml";
    private static final MediaType YAML = MediaType.of("application/yaml");

    private final byte[] document;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            document = in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(ApiPaths.OPENAPI)
    public HttpResponse<byte[]> openApi() {
        if (document == null) {
            return HttpResponse.notFound();
        }
        return HttpResponse.ok(document).contentType(YAML);
    }
}
