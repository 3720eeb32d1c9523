package dev.tributary.functions.http;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats the errors Micronaut raises itself (unknown route, wrong method, unsupported
 * media type, body too large, unexpected exceptions) as problem+json with an
 * {@code errorCode}, so every error the API returns has the same shape.
 */
@Singleton
@Primary
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);

    @Override
    public MutableHttpResponse<Map<String, Object>> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        String path = context.getRequest().getPath();
        if (context.getRootCause().orElse(null) instanceof ApiException api) {
            return Problems.of(api, path);
        }
        int status = response.code();
        ErrorCode code = ErrorCode.forStatus(status);
        String detail;
        if (code == ErrorCode.INTERNAL_ERROR) {
            LOG.error("Unexpected error serving {} {}", context.getRequest().getMethod(), path,
                    context.getRootCause().orElse(null));
            detail = "The server hit an unexpected error; it has been logged.";
        } else if (code == ErrorCode.NOT_FOUND) {
            detail = "No such endpoint: " + context.getRequest().getMethod() + " " + path + ".";
        } else if (context.hasErrors()) {
            detail = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        } else {
            detail = code.title();
        }
        MutableHttpResponse<Map<String, Object>> problem = Problems.of(code, detail, path);
        response.getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Allow")) {
                values.forEach(v -> problem.header(name, v));
            }
        });
        return problem;
    }
}
