package dev.latchkey.server.oidc;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client application's side of the protocol, by hand, so tests can also send what a good client never would. */
final class RelyingParty {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String base;
    private final String clientId;
    private final @Nullable String secret;

    RelyingParty(String base, String clientId, @Nullable String secret) {
        this.base = base;
        this.clientId = clientId;
        this.secret = secret;
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code /oauth2/authorize} with {@code parameters} (response_type=code and client_id added). */
    String authorize(Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("response_type", "code");
        all.put("client_id", clientId);
        all.putAll(parameters);
        return base + "/oauth2/authorize?" + HttpBrowser.form(all);
    }

    HttpResponse<String> token(Map<String, String> parameters) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        Map<String, String> form = new LinkedHashMap<>(parameters);
        if (secret != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (enc(clientId) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", clientId);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(HttpBrowser.form(form))).build());
    }

    HttpResponse<String> exchange(String code, String redirectUri, @Nullable String verifier) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirectUri));
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return token(form);
    }

    HttpResponse<String> refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    HttpResponse<String> userinfo(String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(base + "/userinfo"))
                .header("Authorization", "Bearer " + accessToken).GET().build());
    }

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    static HttpResponse<String> postJson(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The ID token's claims after checking its signature (ES256 or RS256) against {@code jwksUrl}. */
    static JWTClaimsSet verified(String idToken, String jwksUrl) throws Exception {
        SignedJWT jwt = SignedJWT.parse(idToken);
        JWK key = JWKSet.parse(get(jwksUrl).body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        JWSVerifier verifier = JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                ? new RSASSAVerifier(key.toRSAKey()) : new ECDSAVerifier(key.toECKey());
        if (!jwt.verify(verifier)) {
            throw new AssertionError("the ID token's signature does not verify against " + jwksUrl);
        }
        return jwt.getJWTClaimsSet();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
