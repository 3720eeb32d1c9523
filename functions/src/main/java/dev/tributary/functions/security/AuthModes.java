package dev.tributary.functions.security;

import dev.tributary.functions.config.TributaryConfig;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The authentication modes in force: {@code tributary.security.auth} when set; otherwise
 * {@code none} on the embedded stack (a laptop: local mode, tests, benchmarks) and
 * {@code api-key} everywhere else, so a deployment is never open by default. Immutable.
 */
@Singleton
public class AuthModes {
    private final List<String> modes;

    public AuthModes(SecurityConfig security, TributaryConfig tributary) {
        if (!security.getAuth().isEmpty()) {
            this.modes = security.getAuth();
        } else if ("embedded".equals(tributary.getStorage().getMode())) {
            this.modes = List.of("none");
        } else {
            this.modes = List.of("api-key");
        }
        if (modes.contains("none") && modes.size() > 1) {
            throw new IllegalStateException("tributary.security.auth: 'none' cannot be combined with other modes");
        }
    }

    public List<String> modes() {
        return modes;
    }

    public boolean unauthenticated() {
        return modes.contains("none");
    }
}
