package dev.latchkey.spring.web;

import dev.latchkey.core.challenge.AuthMethod;
import java.io.Serial;
import java.time.Instant;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A passwordless sign-in: who, how (link, code or passkey) and when. The time decides whether the
 * sign-in is fresh enough to change the email address or add a passkey.
 */
public final class LatchkeyAuthentication extends AbstractAuthenticationToken {
    @Serial
    private static final long serialVersionUID = 1L;

    private final LatchkeyUser user;
    private final AuthMethod method;
    private final Instant signedInAt;

    public LatchkeyAuthentication(LatchkeyUser user, AuthMethod method, Instant signedInAt) {
        super(user.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
        this.user = Objects.requireNonNull(user, "user");
        this.method = Objects.requireNonNull(method, "method");
        this.signedInAt = Objects.requireNonNull(signedInAt, "signedInAt");
        super.setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public LatchkeyUser getPrincipal() {
        return user;
    }

    /** Link, code, or one of the passkey variants. */
    public AuthMethod method() {
        return method;
    }

    public Instant signedInAt() {
        return signedInAt;
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated) {
            throw new IllegalArgumentException("a LatchkeyAuthentication is authenticated only when it is created");
        }
        super.setAuthenticated(false);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LatchkeyAuthentication that && super.equals(that) && method == that.method
                && signedInAt.equals(that.signedInAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), method, signedInAt);
    }
}
