package dev.latchkey.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.oidc.OidcClient;
import dev.latchkey.core.oidc.OidcConsent;
import dev.latchkey.core.oidc.OidcGrant;
import dev.latchkey.core.oidc.OidcGrantMatch;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What every {@link OidcStore} does, stated once; each store's test class extends this. */
public abstract class OidcStoreContract {
    private static final UserId ADA = new UserId("user-ada");
    private static final UserId BOB = new UserId("user-bob");

    protected final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");

    protected abstract OidcStore store();

    @Test
    void saveClientThenFoundByIdAndByClientId() {
        OidcClient client = new OidcClient("reg-1", "shop", bytes(20_000));

        store().saveClient(client);

        assertThat(store().findClient("reg-1")).contains(client);
        assertThat(store().findClientByClientId("shop")).contains(client);
        assertThat(store().findClientByClientId("other")).isEmpty();
    }

    @Test
    void saveClientWhenClientIdExistsThenReplacesIt() {
        store().saveClient(new OidcClient("reg-1", "shop", bytes(10)));
        OidcClient replacement = new OidcClient("reg-2", "shop", bytes(12));

        store().saveClient(replacement);

        assertThat(store().findClientByClientId("shop")).contains(replacement);
        assertThat(store().findClient("reg-1")).isEmpty();
    }

    @Test
    void saveGrantThenFoundByEachOfItsDigestsAndById() {
        OidcGrant grant = grant("g-1", ADA, digest("refresh-1"), digest("code-1"), digest("access-1"));

        store().saveGrant(grant);

        assertThat(store().findGrant("g-1")).contains(grant);
        for (String token : List.of("code-1", "access-1", "refresh-1")) {
            assertThat(store().findGrantByDigest(digest(token))).contains(new OidcGrantMatch(grant, false));
        }
        assertThat(store().findGrantByDigest(digest("unknown"))).isEmpty();
    }

    @Test
    void saveGrantWhenRefreshIsReplacedThenTheOldOneIsFoundAsRetiredAndOtherOldDigestsAreGone() {
        store().saveGrant(grant("g-1", ADA, digest("refresh-1"), digest("access-1")));
        OidcGrant rotated = grant("g-1", ADA, digest("refresh-2"), digest("access-2"));

        store().saveGrant(rotated);

        assertThat(store().findGrantByDigest(digest("refresh-1"))).contains(new OidcGrantMatch(rotated, true));
        assertThat(store().findGrantByDigest(digest("refresh-2"))).contains(new OidcGrantMatch(rotated, false));
        assertThat(store().findGrantByDigest(digest("access-1"))).isEmpty();
    }

    @Test
    void deleteGrantThenNoneOfItsDigestsFindsIt() {
        store().saveGrant(grant("g-1", ADA, digest("refresh-1"), digest("access-1")));
        store().saveGrant(grant("g-1", ADA, digest("refresh-2"), digest("access-2")));

        assertThat(store().deleteGrant("g-1")).isTrue();

        assertThat(store().deleteGrant("g-1")).isFalse();
        assertThat(store().findGrant("g-1")).isEmpty();
        for (String token : List.of("refresh-1", "refresh-2", "access-2")) {
            assertThat(store().findGrantByDigest(digest(token))).isEmpty();
        }
    }

    @Test
    void deleteGrantsOfUserThenOnlyTheirsEnd() {
        store().saveGrant(grant("g-ada-1", ADA, digest("r-ada-1")));
        store().saveGrant(grant("g-ada-2", ADA, null, digest("c-ada-2")));
        OidcGrant bobs = grant("g-bob", BOB, digest("r-bob"));
        store().saveGrant(bobs);

        assertThat(store().deleteGrants(ADA)).isEqualTo(2);

        assertThat(store().findGrantByDigest(digest("r-ada-1"))).isEmpty();
        assertThat(store().findGrant("g-ada-2")).isEmpty();
        assertThat(store().findGrant("g-bob")).contains(bobs);
    }

    @Test
    void consentsAreSavedReplacedAndDeletedPerClientAndUser() {
        store().saveConsent(new OidcConsent("reg-1", ADA, Set.of("SCOPE_openid")));
        OidcConsent wider = new OidcConsent("reg-1", ADA, Set.of("SCOPE_openid", "SCOPE_email"));
        OidcConsent bobs = new OidcConsent("reg-1", BOB, Set.of("SCOPE_openid"));

        store().saveConsent(wider);
        store().saveConsent(bobs);

        assertThat(store().findConsent("reg-1", ADA)).contains(wider);
        assertThat(store().findConsent("reg-2", ADA)).isEmpty();
        store().deleteConsent("reg-1", ADA);
        assertThat(store().findConsent("reg-1", ADA)).isEmpty();
        assertThat(store().findConsent("reg-1", BOB)).contains(bobs);
    }

    @Test
    void purgeExpiredThenDeletesOnlyGrantsWhoseTokensAllExpired() {
        store().saveGrant(grant("g-old", ADA, digest("r-old")));
        clock.advance(Duration.ofHours(2));
        OidcGrant fresh = grant("g-new", ADA, digest("r-new"));
        store().saveGrant(fresh);

        assertThat(store().purgeExpired(clock.instant(), 10)).isEqualTo(1);

        assertThat(store().findGrant("g-old")).isEmpty();
        assertThat(store().findGrantByDigest(digest("r-old"))).isEmpty();
        assertThat(store().findGrant("g-new")).contains(fresh);
    }

    /** A grant expiring an hour from now, holding {@code refresh} (may be null) and {@code others}. */
    private OidcGrant grant(String id, UserId user, @Nullable Digest refresh, Digest... others) {
        Set<Digest> digests = new HashSet<>(List.of(others));
        if (refresh != null) {
            digests.add(refresh);
        }
        return new OidcGrant(id, "reg-1", user, bytes(3_000), refresh, digests, clock.instant().plus(Duration.ofHours(1)));
    }

    private static Digest digest(String token) {
        try {
            return Digest.of(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void deleteConsentsWhenUserGaveSeveralThenDeletesHersOnly() {
        store().saveConsent(new OidcConsent("reg-1", ADA, Set.of("SCOPE_openid")));
        store().saveConsent(new OidcConsent("reg-2", ADA, Set.of("SCOPE_email")));
        OidcConsent bobs = new OidcConsent("reg-1", BOB, Set.of("SCOPE_openid"));
        store().saveConsent(bobs);

        assertThat(store().deleteConsents(ADA)).isEqualTo(2);

        assertThat(store().findConsent("reg-1", ADA)).isEmpty();
        assertThat(store().findConsent("reg-2", ADA)).isEmpty();
        assertThat(store().findConsent("reg-1", BOB)).contains(bobs);
    }
}
