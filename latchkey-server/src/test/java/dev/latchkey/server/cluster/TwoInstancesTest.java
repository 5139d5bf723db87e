package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server processes on one PostgreSQL (SPEC §6): nothing about a sign-in depends on which
 * instance a request reaches.
 */
class TwoInstancesTest {
    private static GreenMail smtp;
    private static ServerProcess a;
    private static ServerProcess b;

    @BeforeAll
    static void startCluster() throws Exception {
        Cluster.requirePostgres();
        smtp = new GreenMail(new ServerSetup(ServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        String[] limits = {"--latchkey.throttle.requests-per-ip=6/1h", "--latchkey.throttle.failures-per-identifier=4/1h"};
        a = ServerProcess.start(ServerProcess.freePort(), Cluster.settings(smtp.getSmtp().getPort(), limits));
        b = ServerProcess.start(ServerProcess.freePort(), Cluster.settings(smtp.getSmtp().getPort(), limits));
    }

    @AfterAll
    static void stopCluster() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // Closing the other instance still matters.
                }
            }
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String request(Cluster.Api api, ServerProcess on, String email) throws Exception {
        HttpResponse<String> asked = api.post(on.base() + "/api/auth/request", "{\"email\":\"" + email + "\"}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        return Cluster.Api.field(asked, "request_id");
    }

    @Test
    void challengeWhenRequestedOnAThenRedeemsOnBByLinkAndByCode() throws Exception {
        Cluster.Api api = new Cluster.Api(Cluster.freshIp());
        String byLink = email("link");
        request(api, a, byLink);
        assertThat(api.post(b.base() + "/api/auth/exchange", "{\"token\":\"" + Cluster.mailTo(smtp, byLink).token() + "\"}")
                .statusCode()).isEqualTo(200);

        String byCode = email("code");
        String requestId = request(api, a, byCode);
        HttpResponse<String> exchanged = api.post(b.base() + "/api/auth/exchange",
                "{\"request_id\":\"" + requestId + "\",\"code\":\"" + Cluster.mailTo(smtp, byCode).code() + "\"}");
        assertThat(exchanged.statusCode()).isEqualTo(200);
    }

    @Test
    void throttlesWhenRequestsAlternateBetweenInstancesThenHoldForBothTogether() throws Exception {
        Cluster.Api api = new Cluster.Api(Cluster.freshIp());
        String email = email("resend");
        request(api, a, email);
        HttpResponse<String> again = api.post(b.base() + "/api/auth/request", "{\"email\":\"" + email + "\"}");
        assertThat(again.statusCode()).as("resend delay, asked on B").isEqualTo(429);
        assertThat(again.body()).contains("rate_limited");

        for (int i = 0; i < 4; i++) {
            request(api, i % 2 == 0 ? a : b, email("ip" + i));
        }
        // 6 requests per IP: one above, one refused by the resend delay, four here; the 7th is refused.
        HttpResponse<String> overIp = api.post(a.base() + "/api/auth/request", "{\"email\":\"" + email("ip-over") + "\"}");
        assertThat(overIp.statusCode()).as("per-IP limit across A and B").isEqualTo(429);
    }

    @Test
    void lockoutWhenEarnedOnAThenHoldsOnB() throws Exception {
        Cluster.Api api = new Cluster.Api(Cluster.freshIp());
        String email = email("locked");
        String requestId = request(api, a, email);
        Cluster.Mail mail = Cluster.mailTo(smtp, email);
        String wrong = "000000".equals(mail.code()) ? "111111" : "000000";
        for (int i = 0; i < 4; i++) {
            api.post(a.base() + "/api/auth/exchange", "{\"request_id\":\"" + requestId + "\",\"code\":\"" + wrong + "\"}");
        }
        HttpResponse<String> onB = api.post(b.base() + "/api/auth/exchange",
                "{\"request_id\":\"" + requestId + "\",\"code\":\"" + mail.code() + "\"}");
        assertThat(onB.statusCode()).isEqualTo(429);
        assertThat(onB.body()).contains("\"error\":\"locked\"");
        // A link cannot be guessed: it still signs in while the identifier is locked (SPEC §2 rule 4).
        assertThat(api.post(b.base() + "/api/auth/exchange", "{\"token\":\"" + mail.token() + "\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void logoutAllWhenCalledOnAThenRefreshTokensUsedOnBStopWorking() throws Exception {
        Cluster.Api api = new Cluster.Api(Cluster.freshIp());
        String email = email("everywhere");
        request(api, a, email);
        HttpResponse<String> tokens = api.post(a.base() + "/api/auth/exchange",
                "{\"token\":\"" + Cluster.mailTo(smtp, email).token() + "\"}");
        HttpResponse<String> refreshedOnB = api.post(b.base() + "/api/auth/refresh",
                "{\"refresh_token\":\"" + Cluster.Api.field(tokens, "refresh_token") + "\"}");
        assertThat(refreshedOnB.statusCode()).isEqualTo(200);

        assertThat(api.post(a.base() + "/api/auth/logout-all", "{}", Cluster.Api.field(tokens, "access_token"))
                .statusCode()).isEqualTo(204);
        assertThat(api.post(b.base() + "/api/auth/refresh",
                "{\"refresh_token\":\"" + Cluster.Api.field(refreshedOnB, "refresh_token") + "\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void pageSessionWhenStartedOnAThenContinuesOnB() throws Exception {
        Cluster.Browser browser = new Cluster.Browser(Cluster.freshIp());
        String email = email("pages");
        HttpResponse<String> asked = browser.submit(a.base() + "/login", a.base() + "/login", Map.of("email", email));
        assertThat(asked.statusCode()).isEqualTo(303);

        HttpResponse<String> check = browser.get(b.base() + "/login/check");
        assertThat(check.statusCode()).isEqualTo(200);
        assertThat(check.body()).contains(email);
        HttpResponse<String> signedIn = browser.submit(b.base() + "/login/check", b.base() + "/login/check",
                Map.of("code", Cluster.mailTo(smtp, email).code()));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(browser.get(a.base() + "/account").body()).as("signed in on A too").contains(email);
    }
}
