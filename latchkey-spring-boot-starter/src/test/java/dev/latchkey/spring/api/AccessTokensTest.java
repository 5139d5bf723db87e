package dev.latchkey.spring.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.memory.InMemorySigningKeyStore;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.testing.MutableClock;
import java.security.Provider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTokensTest {
    private static final Duration ROTATION = Duration.ofDays(30);

    private final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");
    private final SigningKeys keys = new SigningKeys(new InMemorySigningKeyStore(), clock, ROTATION, Duration.ofMinutes(15));
    private final AccessTokens tokens = new AccessTokens(keys, "https://id.example.com", Duration.ofMinutes(15), clock);
    private final User user = User.create(new UserId("u-1"), new EmailAddress("ada@example.com"), clock.instant());
    private final ApiSession session = new ApiSession("s-1", user.id(), AuthMethod.CODE, clock.instant(), null);

    @Test
    void issueThenES256TokenWithTheSpecClaimsThatTheCurrentPublicKeyVerifies() throws Exception {
        SignedJWT jwt = SignedJWT.parse(tokens.issue(user, session));

        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.current().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(keys.current().toPublicJWK()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("https://id.example.com");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("u-1");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("sid")).isEqualTo("s-1");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("amr")).isEqualTo(List.of("otp"));
        assertThat(jwt.getJWTClaimsSet().getStringClaim("email")).isEqualTo("ada@example.com");
        assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
    }

    @Test
    void issueWhenTheKeyRotatedThenSignedByTheNewKeyNotTheOneBefore() throws Exception {
        ECKey old = keys.current();
        tokens.issue(user, session);
        clock.advance(ROTATION);

        SignedJWT jwt = SignedJWT.parse(tokens.issue(user, session));

        assertThat(jwt.getHeader().getKeyID()).isNotEqualTo(old.getKeyID()).isEqualTo(keys.current().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(keys.current().toPublicJWK()))).isTrue();
        assertThat(jwt.verify(new ECDSAVerifier(old.toPublicJWK()))).isFalse();
    }

    @Test
    void signingProviderWhenBouncyCastleOnTheClassPathThenItSigns() {
        Provider provider = AccessTokens.signingProvider();

        assertThat(provider).isNotNull();
        assertThat(provider.getName()).isEqualTo("BC");
    }
}
