package dev.latchkey.spring.oidc;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.oidc.OidcConsent;
import dev.latchkey.core.spi.OidcStore;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;

/** Consents of clients with {@code require-consent}, in Latchkey's {@link OidcStore}. */
public final class StoredConsents implements OAuth2AuthorizationConsentService {
    private final OidcStore store;

    public StoredConsents(OidcStore store) {
        this.store = store;
    }

    @Override
    public void save(OAuth2AuthorizationConsent consent) {
        store.saveConsent(new OidcConsent(consent.getRegisteredClientId(), new UserId(consent.getPrincipalName()),
                consent.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet())));
    }

    @Override
    public void remove(OAuth2AuthorizationConsent consent) {
        store.deleteConsent(consent.getRegisteredClientId(), new UserId(consent.getPrincipalName()));
    }

    @Override
    public @Nullable OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        return store.findConsent(registeredClientId, new UserId(principalName))
                .map(consent -> {
                    OAuth2AuthorizationConsent.Builder builder =
                            OAuth2AuthorizationConsent.withId(registeredClientId, principalName);
                    consent.authorities().forEach(a -> builder.authority(new SimpleGrantedAuthority(a)));
                    return builder.build();
                })
                .orElse(null);
    }
}
