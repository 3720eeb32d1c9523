package dev.tributary.functions.http;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds {@code application/problem+json} responses (RFC 9457) with the API's {@code errorCode}. */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Seconds a client should wait before retrying a 429 or 503. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private Problems() {
    }

    public static MutableHttpResponse<Map<String, Object>> of(ApiException e, String instance) {
        Map<String, Object> body = body(e.code(), e.getMessage(), instance);
        e.extensions().forEach(body::putIfAbsent);
        return respond(e.code(), body);
    }

    public static MutableHttpResponse<Map<String, Object>> of(ErrorCode code, String detail, String instance) {
        return respond(code, body(code, detail, instance));
    }

    private static Map<String, Object> body(ErrorCode code, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", code.typeUri());
        body.put("title", code.title());
        body.put("status", code.httpStatus());
        body.put("detail", detail == null ? code.title() : detail);
        body.put("errorCode", code.name());
        body.put("retriable", code.retriable());
        if (instance != null) {
            body.put("instance", instance);
        }
        return body;
    }

    private static MutableHttpResponse<Map<String, Object>> respond(ErrorCode code, Map<String, Object> body) {
        MutableHttpResponse<Map<String, Object>> response = HttpResponse.<Map<String, Object>>status(HttpStatus.valueOf(code.httpStatus()))
                .body(body).contentType(MEDIA_TYPE);
        if (code.httpStatus() == 429 || code.httpStatus() == 503) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response;
    }
}
