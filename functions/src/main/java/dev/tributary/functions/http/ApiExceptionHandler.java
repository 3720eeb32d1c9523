package dev.tributary.functions.http;

import dev.tributary.core.error.ApiException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns an {@link ApiException} thrown anywhere below a controller into its problem+json response. */
@Produces(Problems.MEDIA_TYPE)
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException exception) {
        if (exception.code().httpStatus() >= 500) {
            LOG.warn("{} {} failed: {}", request.getMethod(), request.getPath(), exception.getMessage(), exception.getCause());
        }
        return Problems.of(exception, request.getPath());
    }
}
