package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restarting instances one at a time (a rolling deploy) and rotating the HMAC secret across
 * them: sessions, refresh tokens and challenges issued before carry on.
 */
class RollingRestartTest {
    private static final String NEW_SECRET = "rotated-cluster-secret-rotated-cluster-01";
    private GreenMail smtp;
    private ServerProcess a;
    private ServerProcess b;

    @BeforeEach
    void start() throws Exception {
        Cluster.requirePostgres();
        smtp = new GreenMail(new ServerSetup(ServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        a = ServerProcess.start(ServerProcess.freePort(), Cluster.settings(smtp.getSmtp().getPort()));
        b = ServerProcess.start(ServerProcess.freePort(), Cluster.settings(smtp.getSmtp().getPort()));
    }

    @AfterEach
    void stop() {
        for (ServerProcess instance : new ServerProcess[] {a, b}) {
            if (instance != null) {
                instance.close();
            }
        }
        smtp.stop();
    }

    private static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void instanceWhenRestartedWhileTheOtherServesThenSessionsAndRefreshTokensCarryOn() throws Exception {
        String ip = Cluster.freshIp();
        Cluster.Browser browser = new Cluster.Browser(ip);
        String pageUser = email("page");
        browser.submit(a.base() + "/login", a.base() + "/login", Map.of("email", pageUser));
        browser.submit(a.base() + "/login/check", a.base() + "/login/check",
                Map.of("code", Cluster.mailTo(smtp, pageUser).code()));
        Cluster.Api api = new Cluster.Api(ip);
        String apiUser = email("api");
        api.post(a.base() + "/api/auth/request", "{\"email\":\"" + apiUser + "\"}");
        HttpResponse<String> tokens = api.post(a.base() + "/api/auth/exchange",
                "{\"token\":\"" + Cluster.mailTo(smtp, apiUser).token() + "\"}");
        String refresh = Cluster.Api.field(tokens, "refresh_token");

        int port = a.port();
        a.close();
        assertThat(browser.get(b.base() + "/account").body()).as("B serves while A is down").contains(pageUser);
        a = ServerProcess.start(port, Cluster.settings(smtp.getSmtp().getPort()));

        assertThat(browser.get(a.base() + "/account").body()).as("browser session after the restart").contains(pageUser);
        assertThat(api.post(a.base() + "/api/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}").statusCode())
                .as("refresh token after the restart").isEqualTo(200);
    }

    @Test
    void secretWhenRotatedOnEveryInstanceThenChallengesIssuedBeforeStillRedeem() throws Exception {
        Cluster.Api api = new Cluster.Api(Cluster.freshIp());
        String byLink = email("before-link");
        String byCode = email("before-code");
        api.post(a.base() + "/api/auth/request", "{\"email\":\"" + byLink + "\"}");
        String requestId = Cluster.Api.field(api.post(b.base() + "/api/auth/request", "{\"email\":\"" + byCode + "\"}"),
                "request_id");
        Cluster.Mail linkMail = Cluster.mailTo(smtp, byLink);
        Cluster.Mail codeMail = Cluster.mailTo(smtp, byCode);

        List<String> rotated = Cluster.settings(smtp.getSmtp().getPort(), "--latchkey.secret=" + NEW_SECRET,
                "--latchkey.previous-secrets=" + Cluster.SECRET);
        int portA = a.port();
        int portB = b.port();
        a.close();
        a = ServerProcess.start(portA, rotated);
        b.close();
        b = ServerProcess.start(portB, rotated);

        assertThat(api.post(b.base() + "/api/auth/exchange", "{\"token\":\"" + linkMail.token() + "\"}").statusCode())
                .isEqualTo(200);
        assertThat(api.post(a.base() + "/api/auth/exchange",
                "{\"request_id\":\"" + requestId + "\",\"code\":\"" + codeMail.code() + "\"}").statusCode()).isEqualTo(200);
    }
}
