package dev.tributary.functions.contract;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests delivered the way API Gateway HTTP APIs (payload format 2.0) and Lambda Function
 * URLs deliver them: as an {@link APIGatewayV2HTTPEvent} handed to the handler named in the
 * template, with lower-cased headers, a raw and a parsed query string, and binary bodies
 * base64-encoded. Thread-safe as far as the handler is; the contract's long poll invokes it
 * from two threads at once, as two Lambda instances would.
 */
public final class LambdaTransport implements HttpTransport {
    /** The IAM caller API Gateway reports for contract requests (IAM authorization is on). */
    public static final String CALLER_ARN = "arn:aws:iam::123456789012:role/contract-tests";

    private final APIGatewayV2HTTPEventFunction handler;
    private final Context context = new MockLambdaContext();
    private final String callerArn;

    public LambdaTransport(APIGatewayV2HTTPEventFunction handler) {
        this(handler, CALLER_ARN);
    }

    /** @param callerArn the SigV4-verified caller in the request context, or null for an unsigned request */
    public LambdaTransport(APIGatewayV2HTTPEventFunction handler, String callerArn) {
        this.handler = handler;
        this.callerArn = callerArn;
    }

    @Override
    public ApiResponse exchange(String method, String pathAndQuery, String contentType, byte[] body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String rawQuery = q < 0 ? "" : pathAndQuery.substring(q + 1);

        Map<String, String> headers = new HashMap<>();
        headers.put("host", "abc123.execute-api.us-east-1.amazonaws.com");
        headers.put("accept", "*/*");
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(method).withPath(path).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1")
                .withUserAgent("contract-test").build();
        APIGatewayV2HTTPEvent.RequestContext requestContext = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(http).withRouteKey("ANY /{proxy+}").withStage("$default")
                .withRequestId(java.util.UUID.randomUUID().toString()).withTimeEpoch(System.currentTimeMillis())
                .withAuthorizer(callerArn == null ? null : APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(callerArn)
                                .withAccountId("123456789012").build()).build())
                .build();
        APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("ANY /{proxy+}").withRawPath(path).withRawQueryString(rawQuery)
                .withHeaders(headers).withRequestContext(requestContext);
        if (!rawQuery.isEmpty()) {
            event.withQueryStringParameters(queryParameters(rawQuery));
        }
        if (body != null && body.length > 0) {
            boolean text = contentType != null && (contentType.startsWith("text/") || contentType.contains("json"));
            event.withIsBase64Encoded(!text)
                    .withBody(text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        }

        APIGatewayV2HTTPResponse response = handler.handleRequest(event.build(), context);

        Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, v) -> responseHeaders.put(k, new ArrayList<>(v)));
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> responseHeaders.putIfAbsent(k, List.of(v)));
        }
        String responseBody = response.getBody();
        byte[] bytes = responseBody == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(responseBody)
                : responseBody.getBytes(StandardCharsets.UTF_8);
        return new ApiResponse(response.getStatusCode(), responseHeaders, bytes);
    }

    /** As API Gateway parses them: decoded, repeated keys joined with commas. */
    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.merge(key, value, (a, b) -> a + "," + b);
        }
        return params;
    }
}
