package dev.latchkey.core.identity;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An account. At least one of {@code email} and {@code phone} is set.
 *
 * @param id opaque, stable id
 * @param email normalised address, or null
 * @param phone E.164 number, or null
 * @param status whether the account may sign in
 * @param roles role names, e.g. {@code ADMIN}
 * @param createdAt when the account was created
 * @param lastLoginAt the last successful sign-in, or null
 * @param locale the language messages to the account are written in (SPEC §14), or null until a request names one
 */
public record User(UserId id, @Nullable EmailAddress email, @Nullable PhoneNumber phone, UserStatus status,
                   Set<String> roles, Instant createdAt, @Nullable Instant lastLoginAt,
                   @Nullable Locale locale) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        roles = Set.copyOf(roles);
        if (email == null && phone == null) {
            throw new IllegalArgumentException("a user has an email address or a phone number");
        }
    }

    /** A new active account reached at {@code identifier}, with no stored locale. */
    public static User create(UserId id, Identifier identifier, Instant now) {
        if (identifier instanceof EmailAddress email) {
            return new User(id, email, null, UserStatus.ACTIVE, Set.of(), now, null, null);
        }
        return new User(id, null, (PhoneNumber) identifier, UserStatus.ACTIVE, Set.of(), now, null, null);
    }

    /** The identifier of {@code channel}, if the account has one. */
    public Optional<Identifier> identifier(Channel channel) {
        return Optional.ofNullable(channel == Channel.EMAIL ? email : phone);
    }

    public boolean active() {
        return status == UserStatus.ACTIVE;
    }

    public User withStatus(UserStatus newStatus) {
        return new User(id, email, phone, newStatus, roles, createdAt, lastLoginAt, locale);
    }

    public User withRoles(Set<String> newRoles) {
        return new User(id, email, phone, status, newRoles, createdAt, lastLoginAt, locale);
    }

    public User withEmail(EmailAddress newEmail) {
        return new User(id, newEmail, phone, status, roles, createdAt, lastLoginAt, locale);
    }

    public User withLocale(@Nullable Locale newLocale) {
        return new User(id, email, phone, status, roles, createdAt, lastLoginAt, newLocale);
    }

    public User withLastLoginAt(Instant at) {
        return new User(id, email, phone, status, roles, createdAt, at, locale);
    }
}
