package dev.latchkey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.passkey.Ceremony;
import dev.latchkey.core.passkey.CredentialId;
import dev.latchkey.core.passkey.Passkey;
import dev.latchkey.core.passkey.UserHandle;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.Digests;
import dev.latchkey.core.secret.SecretKeyRing;
import dev.latchkey.core.spi.Challenges;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC §2 rules 2 and 17: after a challenge gets its secrets and is queued and a passkey ceremony is
 * opened, no column holds the token, the code or the ceremony id.
 */
class NoSecretAtRestTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void everyTableWhenChallengeHasSecretsAndCeremonyIsOpenThenHoldsNoTokenCodeOrCeremonyId(Supplier<TestStores> database)
            throws SQLException {
        TestStores db = database.get();
        Instant now = Instant.parse("2030-01-01T09:00:00Z");
        byte[] tokenBytes = new byte[32];
        RANDOM.nextBytes(tokenBytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes);
        String code = randomCode();
        SecretKeyRing ring = SecretKeyRing.of(randomSecret(), List.of());
        Challenge challenge = Challenges.pending(Challenges.ALICE, now, Duration.ofMinutes(10));
        Digest link = ring.digest(Purpose.LOGIN.key(), token);
        Digest codeDigest = ring.digest(Purpose.LOGIN.key(), challenge.id().value(), code);

        db.transactions().inTransaction(() -> {
            db.challenges().insert(challenge);
            db.outbox().enqueue(Challenges.entryFor(challenge, now));
            return null;
        });
        db.challenges().storeSecrets(challenge.id(), null, link, codeDigest);
        db.users().insert(User.create(new UserId("user-1"), Challenges.ALICE, now));
        db.throttles().hit("identifier:" + Challenges.ALICE.value(), Rate.parse("5/1h"), now);
        db.audit().append(new AuditEvent(AuditEventType.MESSAGE_SENT, new UserId("user-1"), Challenges.ALICE,
                "203.0.113.7", null, now, null));
        byte[] ceremonyBytes = new byte[32];
        RANDOM.nextBytes(ceremonyBytes);
        String ceremonyId = Base64.getUrlEncoder().withoutPadding().encodeToString(ceremonyBytes);
        db.ceremonies().save(new Ceremony(new Digests(ring).ceremony(ceremonyId), Ceremony.Purpose.REGISTRATION,
                new UserId("user-1"), "{\"challenge\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\"}",
                now.plus(Duration.ofMinutes(5))));
        db.passkeys().add(new Passkey(CredentialId.of(new byte[] {1, 2, 3}), new UserId("user-1"),
                UserHandle.generate(RANDOM), new byte[] {4, 5, 6}, 0, true, Set.of("internal"), true, true, null, null,
                "Phone", now, null));

        assertThat(db.challenges().findByLinkDigest(ring.candidates(Purpose.LOGIN.key(), token)))
                .map(Challenge::codeDigest).contains(codeDigest);
        List<String> cells = new ArrayList<>();
        for (String table : TestDatabases.TABLES) {
            cells.addAll(cells(db, table));
        }
        assertThat(cells).hasSizeGreaterThan(40).noneMatch(cell -> cell.contains(token) || cell.contains(code)
                || cell.contains(ceremonyId));
        List<byte[]> binaries = binaryCells(db);
        assertThat(binaries).isNotEmpty().noneMatch(bytes -> contains(bytes, tokenBytes)
                || contains(bytes, token.getBytes(StandardCharsets.UTF_8))
                || contains(bytes, code.getBytes(StandardCharsets.UTF_8))
                || contains(bytes, ceremonyBytes) || contains(bytes, ceremonyId.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every non-null cell of {@code table} as text, binary cells also as ISO-8859-1 so their raw bytes show. */
    private static List<String> cells(TestStores db, String table) throws SQLException {
        List<String> cells = new ArrayList<>();
        forEachCell(db, table, value -> {
            cells.add(String.valueOf(value));
            if (value instanceof byte[] bytes) {
                cells.add(new String(bytes, StandardCharsets.ISO_8859_1));
            }
        });
        return cells;
    }

    private static List<byte[]> binaryCells(TestStores db) throws SQLException {
        List<byte[]> binaries = new ArrayList<>();
        for (String table : TestDatabases.TABLES) {
            forEachCell(db, table, value -> {
                if (value instanceof byte[] bytes) {
                    binaries.add(bytes);
                }
            });
        }
        return binaries;
    }

    private static void forEachCell(TestStores db, String table, Consumer<Object> action)
            throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rows.getMetaData();
            while (rows.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rows.getObject(i);
                    if (value != null) {
                        action.accept(value);
                    }
                }
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String randomCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }
}
