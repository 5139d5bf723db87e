package dev.latchkey.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stock client outside Java: the {@code openid-client} package from the npm registry (pinned by its
 * lockfile, installed once under {@code target/}) discovers the server, sends the browser to authorize
 * with PKCE, redeems the code, reads userinfo and refreshes. The test walks the browser's steps over HTTP.
 */
class OidcNodeClientTest {
    private static final Path CLIENT = Path.of("target", "oidc-node-client");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "client.mjs");

    @Test
    void openidClientWhenItSignsSomeoneInThenTokensUserinfoAndARotatedRefresh() throws Exception {
        install();
        try (OidcServer server = OidcServer.start()) {
            Process node = new ProcessBuilder("node", "client.mjs", server.base(), OidcServer.SHOP, OidcServer.SHOP_SECRET,
                    OidcServer.SHOP_REDIRECT).directory(CLIENT.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                 Writer in = node.outputWriter(StandardCharsets.UTF_8)) {
                String authorize = json(out.readLine(), node).get("authorize").asText();
                assertThat(authorize).startsWith(server.base() + "/oauth2/authorize?").contains("code_challenge_method=S256");

                HttpResponse<String> back = new HttpBrowser().signInThrough(server, authorize, "node@example.com");
                in.write(HttpBrowser.location(back) + "\n");
                in.flush();
                JsonNode result = json(out.readLine(), node);

                assertThat(result.get("email").asText()).isEqualTo("node@example.com");
                assertThat(result.get("amr").get(0).asText()).isEqualTo("otp");
                assertThat(result.get("userinfo").get("sub").asText()).isEqualTo(result.get("sub").asText());
                assertThat(result.get("userinfo").get("email_verified").asBoolean()).isTrue();
                assertThat(result.get("refreshedSub").asText()).isEqualTo(result.get("sub").asText());
                assertThat(result.get("refreshRotated").asBoolean()).isTrue();
            } finally {
                node.destroy();
            }
        }
    }

    private static JsonNode json(String line, Process node) throws IOException {
        if (line == null) {
            throw new AssertionError("openid-client stopped: " + new String(node.getErrorStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
        return JsonMapper.builder().build().readTree(line);
    }

    /** Copies the client and its lockfile under target/ and runs {@code npm ci} there once. */
    private static void install() throws Exception {
        Files.createDirectories(CLIENT);
        for (String file : FILES) {
            try (InputStream source = OidcNodeClientTest.class.getResourceAsStream("/oidc-node-client/" + file)) {
                Files.copy(source, CLIENT.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.isDirectory(CLIENT.resolve("node_modules/openid-client"))) {
            return;
        }
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(CLIENT.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            String message = "Node.js and npm are needed to run openid-client: " + e.getMessage();
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message, e);
            }
            Assumptions.abort(message);
            return;
        }
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(3, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
        assertThat(npm.exitValue()).as(output).isZero();
    }
}
