package dev.latchkey.spring.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A 401 for the JSON API: the {@code WWW-Authenticate: Bearer …} header of RFC 6750, set by Spring
 * Security, and a JSON body in Latchkey's error shape.
 */
public final class JsonAuthenticationEntryPoint implements AuthenticationEntryPoint {
    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        bearer.commence(request, response, failure);
        boolean tokenSent = request.getHeader("Authorization") != null;
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"error\":\"invalid_token\",\"detail\":\""
                + (tokenSent ? "The access token is not valid or its session has ended." : "Send an access token as Bearer.")
                + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
