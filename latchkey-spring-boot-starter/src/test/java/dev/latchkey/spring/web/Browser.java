package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A cookie-keeping HTTP client that fills in forms the way a browser would (hidden fields, CSRF
 * token included) and does not follow redirects, so tests see every 303. It keeps cookies like a
 * browser talking https to a proxy that forwards plain http, so {@code Secure} cookies still come back,
 * and it records every {@code Set-Cookie} header it receives.
 */
public final class Browser {
    private final String origin;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final List<String> setCookies = new CopyOnWriteArrayList<>();
    private final HttpClient client;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public Browser(int port) {
        this.origin = "http://localhost:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(new BehindTls()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        headers.put("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
    }

    /** Sends this header with every later request. */
    public Browser header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A page and its parsed HTML. */
    public record Page(HttpResponse<String> response, Document html) {
        public int status() {
            return response.statusCode();
        }

        public String location() {
            return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location header"));
        }

        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        public String text() {
            return html.text();
        }
    }

    public Page get(String pathOrUrl) {
        return send(request(pathOrUrl).GET());
    }

    public Page head(String pathOrUrl) {
        return send(request(pathOrUrl).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    public Page post(String path, Map<String, String> form) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    /** Posts a JSON body, e.g. as a page's script does, with {@code csrfHeader} set to {@code csrfToken}. */
    public Page postJson(String path, String json, String csrfHeader, String csrfToken) {
        return send(request(path).header("Content-Type", "application/json").header(csrfHeader, csrfToken)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Submits the form matching {@code selector} on {@code page} with its own fields plus {@code values}. */
    public Page submit(Page page, String selector, Map<String, String> values) {
        Element form = page.html().selectFirst(selector);
        assertThat(form).as("form %s on page", selector).isNotNull();
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            fields.put(input.attr("name"), input.attr("value"));
        }
        fields.putAll(values);
        String action = form.attr("action");
        return post(action.isEmpty() ? page.response().uri().getPath() : action, fields);
    }

    /** Follows a redirect's Location with a GET. */
    public Page follow(Page redirect) {
        assertThat(redirect.status()).as("redirect status").isIn(302, 303);
        return get(redirect.location());
    }

    public Optional<HttpCookie> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst();
    }

    /** Every {@code Set-Cookie} header received so far, in order. */
    public List<String> setCookies() {
        return List.copyOf(setCookies);
    }

    public void dropCookie(String name) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).toList()
                .forEach(c -> cookies.getCookieStore().remove(URI.create(origin), c));
    }

    /** The cookie store as the https origin in front of the server sees it. */
    private final class BehindTls extends CookieHandler {
        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
            return cookies.get(secure(uri), requestHeaders);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            responseHeaders.forEach((name, values) -> {
                if ("set-cookie".equalsIgnoreCase(name)) {
                    setCookies.addAll(values);
                }
            });
            cookies.put(secure(uri), responseHeaders);
        }

        private static URI secure(URI uri) {
            return URI.create("https" + uri.toString().substring(uri.getScheme().length()));
        }
    }

    private HttpRequest.Builder request(String pathOrUrl) {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(origin + pathOrUrl);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        headers.forEach(builder::header);
        return builder;
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response, Jsoup.parse(response.body(), response.uri().toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
