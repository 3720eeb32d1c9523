package dev.tributary.functions.security;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The caller API Gateway authenticated with SigV4 (IAM authorization on the route): its
 * IAM ARN, from the event's request context, becomes {@code User:<arn>}. Only API Gateway
 * can fill that context, so a header a client sends cannot impersonate anyone; outside
 * Lambda there is no context and this mode finds no credentials. Thread-safe.
 */
@Singleton
public class IamAuthenticator implements Authenticator {
    @Override
    public String mode() {
        return "iam";
    }

    @Override
    public Optional<Principal> authenticate(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet
                && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event
                && event.getRequestContext() != null
                && event.getRequestContext().getAuthorizer() != null
                && event.getRequestContext().getAuthorizer().getIam() != null) {
            String arn = event.getRequestContext().getAuthorizer().getIam().getUserArn();
            if (arn != null && !arn.isEmpty()) {
                return Optional.of(new Principal("User", arn));
            }
        }
        return Optional.empty();
    }
}
