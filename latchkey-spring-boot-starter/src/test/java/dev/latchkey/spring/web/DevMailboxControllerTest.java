package dev.latchkey.spring.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.latchkey.spring.delivery.DevMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** SPEC §2 rule 19: {@code /dev/mailbox} shows live links, so only loopback clients may read it. */
class DevMailboxControllerTest {

    private static MockMvc mvc(boolean allowRemote) {
        return MockMvcBuilders.standaloneSetup(new DevMailboxController(new DevMailbox(10), allowRemote)).build();
    }

    private static RequestPostProcessor peer(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    @Test
    void mailboxWhenPeerIsNotLoopbackThenNotFound() throws Exception {
        mvc(false).perform(get("/dev/mailbox").with(peer("203.0.113.5"))).andExpect(status().isNotFound());
        mvc(false).perform(get("/dev/mailbox").with(peer("2001:db8::5"))).andExpect(status().isNotFound());
    }

    @Test
    void mailboxWhenRemotePeerClaimsLoopbackInForwardedForThenStillNotFound() throws Exception {
        mvc(false).perform(get("/dev/mailbox").with(peer("203.0.113.5")).header("X-Forwarded-For", "127.0.0.1"))
                .andExpect(status().isNotFound());
    }

    @Test
    void mailboxWhenPeerIsLoopbackThenShown() throws Exception {
        mvc(false).perform(get("/dev/mailbox").with(peer("127.0.0.1"))).andExpect(status().isOk());
        mvc(false).perform(get("/dev/mailbox").with(peer("0:0:0:0:0:0:0:1"))).andExpect(status().isOk());
    }

    @Test
    void mailboxWhenRemoteAllowedThenShownToAnyPeer() throws Exception {
        mvc(true).perform(get("/dev/mailbox").with(peer("203.0.113.5"))).andExpect(status().isOk());
    }
}
