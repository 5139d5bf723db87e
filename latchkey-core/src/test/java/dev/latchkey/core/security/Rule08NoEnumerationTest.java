package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.Registration;
import dev.latchkey.core.delivery.OutboxState;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.testing.CountingStores;
import dev.latchkey.core.testing.Harness;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 8: a request answers the same for known, unknown, disabled and privileged
 * identifiers, after the same writes; only deliverable ones get a message.
 */
class Rule08NoEnumerationTest {

    @Test
    void requestWhenIdentifierIsKnownUnknownDisabledOrPrivilegedThenSameOutcomeAndSameWrites() {
        CountingStores counting = new CountingStores(Harness.Stores.inMemory());
        Harness h = new Harness(counting.stores(), s -> s.registration(Registration.CLOSED), b -> { });
        h.stores.users().insert(user("known@example.com", UserStatus.ACTIVE, Set.of(), h.clock.instant()));
        h.stores.users().insert(user("disabled@example.com", UserStatus.DISABLED, Set.of(), h.clock.instant()));
        h.stores.users().insert(user("admin@example.com", UserStatus.ACTIVE, Set.of("ADMIN"), h.clock.instant()));

        Map<String, List<String>> writes = new LinkedHashMap<>();
        Map<String, Duration> expiries = new LinkedHashMap<>();
        for (String email : List.of("known@example.com", "nobody@example.com", "disabled@example.com", "admin@example.com")) {
            counting.clear();
            RequestOutcome outcome = h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, email, Harness.REQUESTER));
            assertThat(outcome).isInstanceOf(RequestOutcome.Accepted.class);
            expiries.put(email, ((RequestOutcome.Accepted) outcome).expiresIn());
            writes.put(email, counting.writes());
        }
        assertThat(writes.values()).allSatisfy(w -> assertThat(w).isEqualTo(writes.get("known@example.com")));
        assertThat(writes.get("known@example.com")).containsExactly("revokePending", "insert", "enqueue");
        assertThat(expiries.values()).containsOnly(Duration.ofMinutes(10));

        h.latchkey.deliveryWorker().drain();
        assertThat(h.mail.delivered()).hasSize(1);
        assertThat(h.mail.delivered().get(0).recipient()).isEqualTo(new EmailAddress("known@example.com"));
    }

    @Test
    void decoyWhenWorkerRunsThenRowIsDroppedAndNothingSent() {
        Harness h = Harness.inMemory(s -> s.registration(Registration.CLOSED));
        RequestOutcome.Accepted accepted = h.request("nobody@example.com");
        h.latchkey.deliveryWorker().drain();

        assertThat(h.mail.attempted()).isEmpty();
        assertThat(h.stores.outbox().findByChallenge(accepted.requestId()))
                .singleElement().extracting(e -> e.state()).isEqualTo(OutboxState.DROPPED);
        assertThat(h.stores.challenges().findById(accepted.requestId()).orElseThrow().linkDigest()).isNull();
    }

    @Test
    void requestWhenThrottledThenSameForUnknownIdentifier() {
        Harness h = Harness.inMemory(s -> s.registration(Registration.CLOSED));
        h.stores.users().insert(user("known@example.com", UserStatus.ACTIVE, Set.of(), h.clock.instant()));
        h.request("known@example.com");
        h.request("nobody@example.com");

        RequestOutcome known = h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, "known@example.com", Harness.REQUESTER));
        RequestOutcome unknown = h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, "nobody@example.com", Harness.REQUESTER));
        assertThat(known).isEqualTo(new RequestOutcome.Throttled(Duration.ofSeconds(60)));
        assertThat(unknown).isEqualTo(known);
    }

    private static User user(String email, UserStatus status, Set<String> roles, Instant now) {
        return new User(new UserId(email.replace('@', '-')), new EmailAddress(email), null, status, roles, now, null, null);
    }
}
