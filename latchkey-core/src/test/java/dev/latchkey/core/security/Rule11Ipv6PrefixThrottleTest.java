package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.testing.Harness;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 11: per-IP throttle keys use the whole IPv4 address but only the first
 * {@code latchkey.throttle.ipv6-prefix} bits (64) of an IPv6 address, since one host usually holds
 * a whole /64 and could otherwise take a fresh budget per address.
 */
class Rule11Ipv6PrefixThrottleTest {

    private static RequestOutcome request(Harness h, int n, String ip) {
        return h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, "user" + n + "@example.com",
                new RequesterContext(ip, "test")));
    }

    private static Harness thirtyPerIp() {
        return Harness.inMemory(s -> s.requestsPerIp(Rate.parse("30/1h")));
    }

    @Test
    void requestWhenSecondAddressInSameSlash64ThenSharesTheBudget() {
        Harness h = thirtyPerIp();
        for (int i = 0; i < 30; i++) {
            assertThat(request(h, i, "2001:db8:1:2::" + Integer.toHexString(i + 1))).isInstanceOf(RequestOutcome.Accepted.class);
        }

        assertThat(request(h, 30, "2001:db8:1:2:ffff:ffff:ffff:fffe")).isInstanceOf(RequestOutcome.Throttled.class);
    }

    @Test
    void requestWhenAddressInAnotherSlash64ThenOwnBudget() {
        Harness h = thirtyPerIp();
        for (int i = 0; i < 30; i++) {
            assertThat(request(h, i, "2001:db8:1:2::1")).isInstanceOf(RequestOutcome.Accepted.class);
        }

        assertThat(request(h, 30, "2001:db8:1:3::1")).isInstanceOf(RequestOutcome.Accepted.class);
    }

    @Test
    void requestWhenIpv4AddressesDifferInLastOctetThenEachHasItsOwnBudget() {
        Harness h = thirtyPerIp();
        for (int i = 0; i < 30; i++) {
            assertThat(request(h, i, "198.51.100.1")).isInstanceOf(RequestOutcome.Accepted.class);
        }

        assertThat(request(h, 30, "198.51.100.2")).isInstanceOf(RequestOutcome.Accepted.class);
        assertThat(request(h, 31, "198.51.100.1")).isInstanceOf(RequestOutcome.Throttled.class);
    }

    @Test
    void requestWhenPrefixIs128ThenEachIpv6AddressHasItsOwnBudget() {
        Harness h = Harness.inMemory(s -> s.requestsPerIp(Rate.parse("30/1h")).ipv6Prefix(128));
        for (int i = 0; i < 30; i++) {
            assertThat(request(h, i, "2001:db8:1:2::1")).isInstanceOf(RequestOutcome.Accepted.class);
        }

        assertThat(request(h, 30, "2001:db8:1:2::2")).isInstanceOf(RequestOutcome.Accepted.class);
    }

    @Test
    void buildWhenPrefixOutOfRangeThenNamesTheProperty() {
        assertThatThrownBy(() -> LatchkeyConfig.builder().secret(Harness.SECRET).ipv6Prefix(0).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.throttle.ipv6-prefix must be between 1 and 128 bits, e.g. 64 (was 0)");
        assertThatThrownBy(() -> LatchkeyConfig.builder().secret(Harness.SECRET).ipv6Prefix(129).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.throttle.ipv6-prefix must be between 1 and 128 bits, e.g. 64 (was 129)");
    }
}
