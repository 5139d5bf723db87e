package dev.latchkey.core.spi;

import static dev.latchkey.core.spi.Challenges.ALICE;
import static dev.latchkey.core.spi.Challenges.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.PhoneNumber;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link UserDirectory} does, stated once; each directory's test class extends this. */
public abstract class UserDirectoryContract {
    private static final SecureRandom RANDOM = new SecureRandom();

    protected final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");

    protected abstract UserDirectory store();

    @Test
    void findByIdWhenInsertedThenReturnsEveryField() {
        User user = new User(newId(), ALICE, BOB, UserStatus.DISABLED, Set.of("ADMIN", "SUPPORT"), clock.instant(),
                clock.instant().plusSeconds(30), Locale.GERMAN);

        store().insert(user);

        assertThat(store().findById(user.id())).contains(user);
    }

    @Test
    void findByIdWhenOnlyPhoneAndNoRolesThenReturnsNulls() {
        User user = User.create(newId(), BOB, clock.instant());

        store().insert(user);

        assertThat(store().findById(user.id())).contains(user);
    }

    @Test
    void findByIdWhenMissingThenEmpty() {
        assertThat(store().findById(newId())).isEmpty();
    }

    @Test
    void findByIdentifierWhenEmailOrPhoneThenFindsTheAccount() {
        User both = new User(newId(), ALICE, BOB, UserStatus.ACTIVE, Set.of(), clock.instant(), null, null);
        store().insert(both);
        store().insert(User.create(newId(), new EmailAddress("carol@example.com"), clock.instant()));

        assertThat(store().findByIdentifier(ALICE)).contains(both);
        assertThat(store().findByIdentifier(BOB)).contains(both);
        assertThat(store().findByIdentifier(new PhoneNumber("+15555550100"))).isEmpty();
    }

    @Test
    void insertWhenEmailTakenThenThrows() {
        store().insert(User.create(newId(), ALICE, clock.instant()));

        assertThatThrownBy(() -> store().insert(User.create(newId(), ALICE, clock.instant())))
                .isInstanceOf(IdentifierTakenException.class);
    }

    @Test
    void insertWhenPhoneTakenThenThrows() {
        store().insert(User.create(newId(), BOB, clock.instant()));
        User other = new User(newId(), new EmailAddress("dave@example.com"), BOB, UserStatus.ACTIVE, Set.of(),
                clock.instant(), null, null);

        assertThatThrownBy(() -> store().insert(other)).isInstanceOf(IdentifierTakenException.class);
        assertThat(store().findById(other.id())).isEmpty();
    }

    @Test
    void changeLocaleWhenPresentThenStoredAndOtherFieldsKept() {
        User user = User.create(newId(), ALICE, clock.instant());
        store().insert(user);

        assertThat(store().changeLocale(user.id(), Locale.forLanguageTag("de-CH"))).isTrue();

        assertThat(store().findById(user.id())).contains(user.withLocale(Locale.forLanguageTag("de-CH")));
    }

    @Test
    void changeLocaleWhenMissingThenFalse() {
        assertThat(store().changeLocale(newId(), Locale.GERMAN)).isFalse();
    }

    @Test
    void createIfAbsentWhenAbsentThenCreatesActiveAccount() {
        UserId id = newId();

        User created = store().createIfAbsent(ALICE, id, clock.instant());

        assertThat(created).isEqualTo(User.create(id, ALICE, clock.instant()));
        assertThat(store().findByIdentifier(ALICE)).contains(created);
    }

    @Test
    void createIfAbsentWhenPresentThenReturnsExisting() {
        User existing = User.create(newId(), BOB, clock.instant());
        store().insert(existing);
        clock.advance(Duration.ofHours(1));

        assertThat(store().createIfAbsent(BOB, newId(), clock.instant())).isEqualTo(existing);
    }

    @Test
    void createIfAbsentWhenTwentyThreadsRaceThenOneAccount() throws Exception {
        List<User> users = Race.run(20, () -> store().createIfAbsent(ALICE, newId(), clock.instant()));

        assertThat(users.stream().map(User::id).distinct()).hasSize(1);
        assertThat(store().findByIdentifier(ALICE)).map(User::id).contains(users.get(0).id());
    }

    @Test
    void recordSignInWhenDisabledThenSetsLastLoginAndKeepsStatus() {
        User user = User.create(newId(), ALICE, clock.instant()).withStatus(UserStatus.DISABLED);
        store().insert(user);
        clock.advance(Duration.ofMinutes(5));

        store().recordSignIn(user.id(), clock.instant());

        assertThat(store().findById(user.id())).contains(user.withLastLoginAt(clock.instant()));
    }

    @Test
    void changeEmailWhenFreeThenChangesIt() {
        User user = User.create(newId(), ALICE, clock.instant());
        store().insert(user);
        EmailAddress newEmail = new EmailAddress("alice@example.org");

        assertThat(store().changeEmail(user.id(), newEmail)).isTrue();

        assertThat(store().findByIdentifier(newEmail)).contains(user.withEmail(newEmail));
        assertThat(store().findByIdentifier(ALICE)).isEmpty();
    }

    @Test
    void changeEmailWhenTakenThenThrowsAndKeepsOldEmail() {
        User user = User.create(newId(), ALICE, clock.instant());
        store().insert(user);
        EmailAddress taken = new EmailAddress("erin@example.com");
        store().insert(User.create(newId(), taken, clock.instant()));

        assertThatThrownBy(() -> store().changeEmail(user.id(), taken)).isInstanceOf(IdentifierTakenException.class);

        assertThat(store().findById(user.id())).contains(user);
    }

    @Test
    void changeEmailWhenMissingThenFalse() {
        assertThat(store().changeEmail(newId(), ALICE)).isFalse();
    }

    @Test
    void updateWhenPresentThenChangesStatusAndRoles() {
        User user = User.create(newId(), ALICE, clock.instant());
        store().insert(user);
        User changed = user.withStatus(UserStatus.DISABLED).withRoles(Set.of("ADMIN"));

        assertThat(store().update(changed)).isTrue();

        assertThat(store().findById(user.id())).contains(changed);
    }

    @Test
    void updateWhenMissingThenFalse() {
        assertThat(store().update(User.create(newId(), ALICE, clock.instant()))).isFalse();
    }

    private UserId newId() {
        return UserId.generate(RANDOM, clock.millis());
    }

    @Test
    void deleteWhenPresentThenGoneAndItsAddressFreeOnce() {
        User user = User.create(newId(), ALICE, clock.instant());
        store().insert(user);

        assertThat(store().delete(user.id())).isTrue();
        assertThat(store().delete(user.id())).isFalse();

        assertThat(store().findById(user.id())).isEmpty();
        assertThat(store().findByIdentifier(ALICE)).isEmpty();
        store().insert(User.create(newId(), ALICE, clock.instant()));
        assertThat(store().findByIdentifier(ALICE)).isPresent();
    }
}
