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
