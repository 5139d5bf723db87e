package dev.latchkey.spring.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a {@code next} URL may be followed after sign-in (SPEC §2 rule 10): same-origin
 * relative paths, or absolute http(s) URLs on {@code latchkey.redirect.allowed-hosts}. Everything
 * else falls back to {@code latchkey.redirect.after-login}.
 */
public final class NextUrlPolicy {
    private static final int MAX_LENGTH = 2048;

    private final Set<String> allowedHosts;
    private final String afterLogin;

    public NextUrlPolicy(Collection<String> allowedHosts, String afterLogin) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.afterLogin = afterLogin;
    }

    /** The value itself when it is safe to redirect to, otherwise empty. */
    public Optional<String> validate(@Nullable String next) {
        if (next == null || next.isEmpty() || next.length() > MAX_LENGTH
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            return Optional.empty();
        }
        // A path that decodes to "//host" or "/\host" is treated as the browser might: as another origin.
        String decoded = next;
        for (int i = 0; i < 3; i++) {
            if (decoded.startsWith("//") || decoded.startsWith("/\\") || decoded.chars().anyMatch(c -> c < 0x20 || c == '\\')) {
                return Optional.empty();
            }
            String again = decode(decoded);
            if (again == null) {
                return Optional.empty();
            }
            if (again.equals(decoded)) {
                break;
            }
            decoded = again;
        }
        if (next.startsWith("/")) {
            return Optional.of(next);
        }
        return allowedAbsolute(next) ? Optional.of(next) : Optional.empty();
    }

    /** A safe {@code next}, else the configured fallback. */
    public String targetOrDefault(@Nullable String next) {
        return validate(next).orElse(afterLogin);
    }

    public String afterLogin() {
        return afterLogin;
    }

    private boolean allowedAbsolute(String next) {
        try {
            URI uri = new URI(next);
            String scheme = uri.getScheme();
            return ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) && uri.getRawAuthority() != null
                    && uri.getUserInfo() == null && uri.getHost() != null
                    && allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static @Nullable String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
