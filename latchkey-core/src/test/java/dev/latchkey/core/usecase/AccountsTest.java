package dev.latchkey.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.testing.Harness;
import org.junit.jupiter.api.Test;

class AccountsTest {
    private final UseCaseFixture world = new UseCaseFixture();
    private final Accounts accounts = new Accounts(world.context, world.sessions);

    @Test
    void disablingAnAccountEndsItsSessionsAndItsStanding() {
        User alice = world.account(UseCaseFixture.ALICE);

        assertThat(accounts.disable(alice.id())).isTrue();

        assertThat(world.users.findById(alice.id()).orElseThrow().active()).isFalse();
        assertThat(world.events(AuditEventType.SESSIONS_REVOKED)).singleElement()
                .satisfies(published -> assertThat(published.inTransaction()).isTrue());
        assertThat(world.context.sessionsMustEnd(alice.id())).isPresent();
    }

    @Test
    void anUnknownAccountCannotBeDisabled() {
        assertThat(accounts.disable(new UserId("no-such-user"))).isFalse();
    }

    @Test
    void signingOutIsAudited() {
        User alice = world.account(UseCaseFixture.ALICE);

        accounts.signedOut(alice.id(), Harness.REQUESTER);

        assertThat(world.events(AuditEventType.LOGOUT)).singleElement()
                .satisfies(published -> assertThat(published.event().userId()).isEqualTo(alice.id()));
    }
}
