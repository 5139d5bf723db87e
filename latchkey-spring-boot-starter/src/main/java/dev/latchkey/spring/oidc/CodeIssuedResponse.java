package dev.latchkey.spring.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The authorization response (a redirect with {@code code} and {@code state}, as Spring Security's
 * default sends it), after recording {@code OIDC_CODE_ISSUED} (SPEC §7).
 */
public final class CodeIssuedResponse implements AuthenticationSuccessHandler {
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();
    private final BiConsumer<OAuth2AuthorizationCodeRequestAuthenticationToken, HttpServletRequest> issued;

    /** @param issued told of each code issued, with the request that asked for it */
    public CodeIssuedResponse(BiConsumer<OAuth2AuthorizationCodeRequestAuthenticationToken, HttpServletRequest> issued) {
        this.issued = issued;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        OAuth2AuthorizationCodeRequestAuthenticationToken result =
                (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
        issued.accept(result, request);
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(result.getRedirectUri())
                .queryParam(OAuth2ParameterNames.CODE, result.getAuthorizationCode().getTokenValue());
        if (StringUtils.hasText(result.getState())) {
            uri.queryParam(OAuth2ParameterNames.STATE, UriUtils.encode(result.getState(), StandardCharsets.UTF_8));
        }
        redirects.sendRedirect(request, response, uri.build(true).toUriString());
    }
}
