package dev.latchkey.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser over plain HTTP: keeps cookies, follows no redirect, fills in forms with their CSRF
 * token. It walks the steps a person takes in the OpenID Connect flows.
 */
final class HttpBrowser {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build());
    }

    /** Posts {@code fields} with the CSRF token of the page at {@code pageUrl}, as that page's form would. */
    HttpResponse<String> submit(String pageUrl, String actionUrl, Map<String, String> fields) {
        HttpResponse<String> page = get(pageUrl);
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("a CSRF token on " + pageUrl + " (status " + page.statusCode() + ")").isTrue();
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("_csrf", csrf.group(1));
        return send(HttpRequest.newBuilder(URI.create(actionUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build());
    }

    /** Posts {@code fields} as a form that carries no CSRF token (the provider's own endpoints take none). */
    HttpResponse<String> postForm(String url, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build());
    }

    /**
     * Opens {@code authorizeUrl} signed out, signs in on Latchkey's pages with the emailed code, and returns the
     * redirect to the client that follows.
     */
    HttpResponse<String> signInThrough(OidcServer server, String authorizeUrl, String email) {
        return signInThrough(server.base(), authorizeUrl, email, server::codeSentTo);
    }

    /** The same on the server at {@code base}, where {@code codes} finds the code mailed to an address. */
    HttpResponse<String> signInThrough(String base, String authorizeUrl, String email, UnaryOperator<String> codes) {
        HttpResponse<String> toLogin = get(authorizeUrl);
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(location(toLogin)).isEqualTo(base + "/login");
        HttpResponse<String> asked = submit(base + "/login", base + "/login", Map.of("email", email));
        assertThat(asked.statusCode()).isEqualTo(303);
        HttpResponse<String> signedIn = submit(base + "/login/check", base + "/login/check",
                Map.of("code", codes.apply(email)));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(location(signedIn)).startsWith(base + "/oauth2/authorize?");
        return get(location(signedIn));
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location header; status " + response.statusCode()));
    }

    /** The query parameters of a redirect's {@code Location}. */
    static Map<String, String> query(HttpResponse<String> redirect) {
        String query = URI.create(location(redirect)).getRawQuery();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
