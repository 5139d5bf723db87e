package dev.latchkey.server.oidc;

import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.spring.delivery.DevMailbox;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
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
    /** A public client: no secret, PKCE required, ID tokens in ES256 like the access tokens. */
    static final String SPA = "spa";
    static final String SPA_REDIRECT = "http://127.0.0.1/spa";
    /** A third-party client: asks for the person's consent. */
    static final String PARTNER = "partner";
    static final String PARTNER_REDIRECT = "https://partner.example/callback";
    /** The PostgreSQL database of the tests that need one, from {@code LATCHKEY_TEST_POSTGRES_URL}. */
    static final String POSTGRES = System.getenv().getOrDefault("LATCHKEY_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final Pattern CODE = Pattern.compile("code: ([0-9]+)");
    private static final Pattern LINK = Pattern.compile("(http\\S+/login/link/[A-Za-z0-9_-]{43})");

    private final ConfigurableApplicationContext context;
    private final String base;
    private final Set<DevMailbox.Entry> read = new HashSet<>();

    private final int port;

    private OidcServer(ConfigurableApplicationContext context, String base, int port) {
        this.context = context;
        this.base = base;
        this.port = port;
    }

    /** On a fresh in-memory H2 database, with the dev mailbox. */
    static OidcServer start(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:mem:oidc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        args.addAll(List.of(extra));
        return start(freePort(), "http://localhost:", args);
    }

    /**
     * On {@code port}, with the base URL (the issuer) {@code issuerOrigin} followed by this port when it ends in
     * {@code :}, the test clients, and {@code args}.
     */
    static OidcServer start(int port, String issuerOrigin, List<String> args) {
        List<String> all = new ArrayList<>(List.of("--server.port=" + port,
                "--latchkey.base-url=" + issuerOrigin + (issuerOrigin.endsWith(":") ? port : ""),
                "--latchkey.delivery.poll-interval=50ms",
                // One address signs in on several surfaces in turn within a test.
                "--latchkey.throttle.resend-delay=0s",
                "--latchkey.oidc.clients[0].client-id=" + SHOP,
                "--latchkey.oidc.clients[0].client-secret=" + SHOP_SECRET,
                "--latchkey.oidc.clients[0].redirect-uris[0]=" + SHOP_REDIRECT,
                "--latchkey.oidc.clients[0].post-logout-redirect-uris[0]=" + SHOP_AFTER_LOGOUT,
                "--latchkey.oidc.clients[0].scopes=openid,email,phone,offline_access",
                "--latchkey.oidc.clients[1].client-id=" + SPA,
                "--latchkey.oidc.clients[1].redirect-uris[0]=" + SPA_REDIRECT,
                "--latchkey.oidc.clients[1].id-token-signing-algorithm=ES256",
                "--latchkey.oidc.clients[2].client-id=" + PARTNER,
                "--latchkey.oidc.clients[2].client-secret=partner-secret-partner-secret",
                "--latchkey.oidc.clients[2].redirect-uris[0]=" + PARTNER_REDIRECT,
                "--latchkey.oidc.clients[2].require-consent=true"));
        all.addAll(args);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LatchkeyServer.class)
                .run(all.toArray(String[]::new));
        String base = context.getEnvironment().getProperty("latchkey.base-url");
        return new OidcServer(context, base, port);
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

    /** This instance's own address, which differs from {@link #base()} behind a load balancer. */
    String origin() {
        return "http://localhost:" + port;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The code of the newest message to {@code email} not read before, waiting for the delivery worker. */
    String codeSentTo(String email) {
        return codeSentTo(email, List.of(this));
    }

    /** The link and the code of the newest message to {@code email} not read before. */
    List<String> linkAndCodeSentTo(String email) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            DevMailbox.Entry message = unread(email);
            if (message != null) {
                Matcher link = LINK.matcher(message.text());
                Matcher code = CODE.matcher(message.text());
                if (!link.find() || !code.find()) {
                    throw new AssertionError("no link and code in: " + message.text());
                }
                return List.of(link.group(1), code.group(1));
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no message to " + email + " within 10 s");
    }

    /** The same over several instances, any of whose delivery workers may have sent it. */
    static String codeSentTo(String email, List<OidcServer> instances) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (OidcServer instance : instances) {
                String code = instance.unreadCode(email);
                if (code != null) {
                    return code;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no message to " + email + " within 10 s");
    }

    private @Nullable String unreadCode(String email) {
        DevMailbox.Entry message = unread(email);
        if (message == null) {
            return null;
        }
        Matcher code = CODE.matcher(message.text());
        if (!code.find()) {
            throw new AssertionError("no code in: " + message.text());
        }
        return code.group(1);
    }

    private synchronized DevMailbox.@Nullable Entry unread(String email) {
        for (DevMailbox.Entry message : context.getBean(DevMailbox.class).messages()) {
            if (message.recipient().equals(email) && read.add(message)) {
                return message;
            }
        }
        return null;
    }

    @Override
    public void close() {
        context.close();
    }

    /** Fails on CI when PostgreSQL is missing; elsewhere skips, naming it. */
    static void requirePostgres() {
        try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            connection.isValid(2);
        } catch (SQLException e) {
            String message = "PostgreSQL on 127.0.0.1:5432 is not reachable: " + e.getMessage();
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message, e);
            }
            Assumptions.abort(message);
        }
    }
}
