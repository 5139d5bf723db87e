package dev.latchkey.spring.passkey;

import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.passkey.UserHandle;
import dev.latchkey.core.spi.PasskeyStore;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.usecase.Passkeys;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;

/**
 * Spring's WebAuthn user entities over core's {@link PasskeyStore}. A user entity's id is the
 * account's random 32-byte handle, never its email or id; its name, which authenticators show in
 * their account picker, is the email address (or phone number). Spring asks by "username", which
 * for Latchkey's authentications is the user id.
 */
public final class PasskeyUserEntities implements PublicKeyCredentialUserEntityRepository {
    private final Passkeys passkeys;
    private final PasskeyStore store;
    private final UserDirectory users;

    public PasskeyUserEntities(Passkeys passkeys, PasskeyStore store, UserDirectory users) {
        this.passkeys = passkeys;
        this.store = store;
        this.users = users;
    }

    @Override
    public @Nullable PublicKeyCredentialUserEntity findById(Bytes id) {
        UserHandle handle = UserHandle.of(id.getBytes());
        return store.findUser(handle).flatMap(users::findById).map(user -> entity(user, handle)).orElse(null);
    }

    /**
     * The entity of the account with this user id, giving it a random handle if it has none yet, so
     * that Spring never makes one of its own; null when there is no such account.
     */
    @Override
    public @Nullable PublicKeyCredentialUserEntity findByUsername(String username) {
        UserId id = new UserId(username);
        return users.findById(id).map(user -> entity(user, passkeys.userHandle(id))).orElse(null);
    }

    /** Stores the handle of the account named by the entity's name, a user id as Spring passes it. */
    @Override
    public void save(PublicKeyCredentialUserEntity userEntity) {
        store.userHandle(new UserId(userEntity.getName()), UserHandle.of(userEntity.getId().getBytes()));
    }

    /** Erases the account's handle and every passkey it has. */
    @Override
    public void delete(Bytes id) {
        store.findUser(UserHandle.of(id.getBytes())).ifPresent(store::removeAll);
    }

    private static PublicKeyCredentialUserEntity entity(User user, UserHandle handle) {
        String name = user.email() != null ? user.email().value()
                : user.phone() != null ? user.phone().value() : user.id().value();
        return ImmutablePublicKeyCredentialUserEntity.builder().id(new Bytes(handle.bytes())).name(name)
                .displayName(name).build();
    }
}
