package dev.tributary.client.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs service requests with AWS Signature Version 4 for API Gateway ({@code execute-api}),
 * with credentials from a provider (by default the AWS SDK's default chain: environment,
 * profile, container or instance role). Thread-safe.
 */
final class SigV4Signer {
    /** Headers java.net.http sets itself and refuses to take from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final String region;
    private final AwsCredentialsProvider credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    SigV4Signer(String region, AwsCredentialsProvider credentials) {
        this.region = region;
        this.credentials = credentials;
    }

    static SigV4Signer withDefaultChain(String region) {
        return new SigV4Signer(region, DefaultCredentialsProvider.builder().build());
    }

    /** Adds the signature headers for a request with these method, URI, headers and body. */
    void sign(HttpRequest.Builder request, String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(unsigned::putHeader);
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(unsigned.build())
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            if (!RESTRICTED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT)) && !headers.containsKey(h.getKey())) {
                h.getValue().forEach(v -> request.header(h.getKey(), v));
            }
        }
    }
}
