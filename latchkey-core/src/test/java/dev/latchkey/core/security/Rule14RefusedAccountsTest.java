package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RefusalReason;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 14: disabled, privileged and vetoed accounts cannot sign in, and nothing turns a
 * disabled account active again. The account is changed after the message went out, so the
 * redemption itself must refuse.
 */
class Rule14RefusedAccountsTest {
    private static final String EMAIL = "ada@example.com";

    private static RedemptionOutcome signInAfter(Harness h, Consumer<User> change) {
        SentMessage first = h.requestAndDeliver(EMAIL);
        h.latchkey.redeemLink(first.token(), h.proof());
        h.clock.advance(Duration.ofSeconds(61));
        SentMessage second = h.requestAndDeliver(EMAIL);
        change.accept(h.stores.users().findByIdentifier(new EmailAddress(EMAIL)).orElseThrow());
        return h.latchkey.redeemLink(second.token(), h.proof());
    }

    @Test
    void redeemWhenAccountWasDisabledThenRefusedAndStaysDisabled() {
        Harness h = Harness.inMemory();
        RedemptionOutcome outcome = signInAfter(h, u -> h.stores.users().update(u.withStatus(UserStatus.DISABLED)));

        assertThat(outcome).isEqualTo(new RedemptionOutcome.Refused(RefusalReason.DISABLED));
        assertThat(h.stores.users().findByIdentifier(new EmailAddress(EMAIL)).orElseThrow().status())
                .isEqualTo(UserStatus.DISABLED);
    }

    @Test
    void redeemWhenAccountHoldsPrivilegedRoleThenRefused() {
        Harness h = Harness.inMemory();
        assertThat(signInAfter(h, u -> h.stores.users().update(u.withRoles(Set.of("ADMIN")))))
                .isEqualTo(new RedemptionOutcome.Refused(RefusalReason.PRIVILEGED));
    }

    @Test
    void redeemWhenPrivilegedLoginIsAllowedThenSignsIn() {
        Harness h = Harness.inMemory(s -> s.allowPrivilegedLogin(true));
        assertThat(signInAfter(h, u -> h.stores.users().update(u.withRoles(Set.of("ADMIN")))))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void redeemWhenLoginPolicyVetoesThenRefused() {
        AtomicBoolean allowed = new AtomicBoolean(true);
        Harness h = new Harness(Harness.Stores.inMemory(), s -> { }, b -> b.loginPolicy(user -> allowed.get()));
        assertThat(signInAfter(h, u -> allowed.set(false))).isEqualTo(new RedemptionOutcome.Refused(RefusalReason.POLICY));
    }

    @Test
    void redeemWhenUserVerifierVetoesNewAccountThenRefusedAndNoAccountIsCreated() {
        Harness h = new Harness(Harness.Stores.inMemory(), s -> { }, b -> b.userVerifier(user -> false));
        SentMessage sent = h.requestAndDeliver(EMAIL);

        assertThat(h.latchkey.redeemLink(sent.token(), h.proof()))
                .isEqualTo(new RedemptionOutcome.Refused(RefusalReason.NOT_VERIFIED));
        assertThat(h.stores.users().findByIdentifier(new EmailAddress(EMAIL))).isEmpty();
    }
}
