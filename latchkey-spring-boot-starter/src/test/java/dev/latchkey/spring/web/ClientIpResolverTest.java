package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** SPEC §2 rule 11 at the unit level: whose address counts, and one spelling per address. */
class ClientIpResolverTest {
    private final ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

    private String resolve(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return resolver.resolve(request);
    }

    @Test
    void resolveWhenPeerIsUntrustedThenForwardedForIsIgnored() {
        assertThat(resolve("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
    }

    @Test
    void resolveWhenPeerIsTrustedProxyThenNearestUntrustedHopCounts() {
        assertThat(resolve("10.0.0.5", "203.0.113.9, 198.51.100.1, 10.1.2.3")).isEqualTo("198.51.100.1");
    }

    /** Issue 11 item 5: a client's own header line must not hide the hops that proxies added in later lines. */
    @Test
    void resolveWhenSeveralHeaderLinesThenReadsThemAllRightToLeft() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("10.0.0.5");
        request.addHeader("X-Forwarded-For", "192.0.2.66");
        request.addHeader("X-Forwarded-For", "203.0.113.9, 10.1.2.3");
        request.addHeader("X-Forwarded-For", "10.4.5.6");

        assertThat(resolver.resolve(request)).isEqualTo("203.0.113.9");
    }

    @Test
    void resolveWhenEveryHopIsTrustedProxyThenLeftmostLineIsNotTrustedBlindly() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("10.0.0.5");
        request.addHeader("X-Forwarded-For", "10.9.9.9");
        request.addHeader("X-Forwarded-For", "10.1.2.3");

        assertThat(resolver.resolve(request)).isEqualTo("10.0.0.5");
    }

    @Test
    void resolveWhenTrustedProxiesChainThenSkipsEachOfThem() {
        assertThat(resolve("10.0.0.5", "198.51.100.1, 203.0.113.9, 10.7.0.1, 10.8.0.1")).isEqualTo("203.0.113.9");
    }

    @Test
    void resolveWhenForwardedForIsGarbageThenPeerCounts() {
        assertThat(resolve("10.0.0.5", "evil\u0000, <script>")).isEqualTo("10.0.0.5");
    }

    @Test
    void canonicalWhenIpv6ThenShortestForm() {
        assertThat(ClientIpResolver.canonical("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(ClientIpResolver.canonical("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(ClientIpResolver.canonical("2001:DB8::0001")).isEqualTo("2001:db8::1");
        assertThat(ClientIpResolver.canonical("203.0.113.9")).isEqualTo("203.0.113.9");
    }
}
