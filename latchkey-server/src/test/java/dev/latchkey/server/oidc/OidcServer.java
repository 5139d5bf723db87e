package dev.latchkey.server.oidc;

import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.spring.delivery.DevMailbox;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server started in this JVM as an OpenID Provider with the test clients registered, on a port
 * known before start-up so that {@code latchkey.base-url} (the issuer) names it.
 */
final class OidcServer implements AutoCloseable {
    /** A confidential client whose redirect URIs are loopback IP literals without a port (RFC 8252 §7.3). */
    static final String SHOP = "shop";
    static final String SHOP_SECRET = "shop-secret-shop-secret-shop-secret";
    static final String SHOP_REDIRECT = "http://127.0.0.1/callback";
    static final String SHOP_AFTER_LOGOUT = "http://127.0.0.1/signed-out";
    /** A public client: no secret, PKCE required. */
    static final String SPA = "spa";
    static final String SPA_REDIRECT = "http://127.0.0.1/spa";
    private static final Pattern CODE = Pattern.compile("code: ([0-9]+)");

    private final ConfigurableApplicationContext context;
    private final String base;

    private OidcServer(ConfigurableApplicationContext context, String base) {
        this.context = context;
        this.base = base;
    }

    /** On a fresh in-memory H2 database, with the dev mailbox. */
    static OidcServer start(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:mem:oidc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        args.addAll(List.of(extra));
        return start(freePort(), "http://localhost:", args);
    }

    /**
     * On {@code port}, with {@code issuerPort} in the base URL (the address a load balancer would give) and the
     * test clients plus {@code args}.
     */
    static OidcServer start(int port, String issuerOrigin, List<String> args) {
        List<String> all = new ArrayList<>(List.of("--server.port=" + port,
                "--latchkey.base-url=" + issuerOrigin + (issuerOrigin.endsWith(":") ? port : ""),
                "--latchkey.delivery.poll-interval=50ms",
                "--latchkey.oidc.clients[0].client-id=" + SHOP,
                "--latchkey.oidc.clients[0].client-secret=" + SHOP_SECRET,
                "--latchkey.oidc.clients[0].redirect-uris[0]=" + SHOP_REDIRECT,
                "--latchkey.oidc.clients[0].post-logout-redirect-uris[0]=" + SHOP_AFTER_LOGOUT,
                "--latchkey.oidc.clients[0].scopes=openid,email,phone,offline_access",
                "--latchkey.oidc.clients[1].client-id=" + SPA,
                "--latchkey.oidc.clients[1].redirect-uris[0]=" + SPA_REDIRECT));
        all.addAll(args);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LatchkeyServer.class)
                .run(all.toArray(String[]::new));
        String base = context.getEnvironment().getProperty("latchkey.base-url");
        return new OidcServer(context, base);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The issuer, e.g. {@code http://localhost:41234}. */
    String base() {
        return base;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The code of the newest message to {@code email}, waiting for the delivery worker. */
    String codeSentTo(String email) {
        DevMailbox mailbox = context.getBean(DevMailbox.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (DevMailbox.Entry message : mailbox.messages()) {
                Matcher code = CODE.matcher(message.text());
                if (message.recipient().equals(email) && code.find()) {
                    return code.group(1);
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no message to " + email + " within 10 s");
    }

    @Override
    public void close() {
        context.close();
    }
}
