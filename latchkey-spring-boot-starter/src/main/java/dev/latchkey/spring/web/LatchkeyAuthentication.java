package dev.latchkey.spring.web;

import dev.latchkey.core.challenge.AuthMethod;
import java.io.Serial;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
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
        super(authorities(user, method, signedInAt));
        this.user = Objects.requireNonNull(user, "user");
        this.method = Objects.requireNonNull(method, "method");
        this.signedInAt = Objects.requireNonNull(signedInAt, "signedInAt");
        super.setAuthenticated(true);
    }

    /**
     * The user's roles, and the factor that proved the sign-in with its time, as Spring Security 7 records
     * factors (its authorization server reads an ID token's {@code auth_time} from it).
     */
    private static List<GrantedAuthority> authorities(LatchkeyUser user, AuthMethod method, Instant signedInAt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        user.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        String factor = switch (method) {
            case LINK, CODE -> FactorGrantedAuthority.OTT_AUTHORITY;
            case PASSKEY_SWK, PASSKEY_SWK_UV, PASSKEY_HWK, PASSKEY_HWK_UV -> FactorGrantedAuthority.WEBAUTHN_AUTHORITY;
        };
        authorities.add(FactorGrantedAuthority.withAuthority(factor).issuedAt(signedInAt).build());
        return authorities;
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
