package dev.latchkey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.secret.SecretBox;
import dev.latchkey.core.secret.SecretKeyRing;
import dev.latchkey.core.session.SealedSigningKeyStore;
import dev.latchkey.core.session.SigningKey;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §2 rule 18 on every database: a dump of the signing key rows holds no private key material. */
class SigningKeysSealedAtRestTest {
    private static final Instant NOW = Instant.parse("2030-01-01T09:00:00Z");
    private static final SecretBox BOX = SecretKeyRing.of("rule-18-secret-rule-18-secret-0123456789", List.of()).box();

    private final String privatePart = randomPrivatePart();
    private TestStores db;
    private final String jwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\"" + privatePart + "\",\"kid\":\"kid-1\"}";

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void insertWhenSealedThenRowDumpHoldsNoPrivatePart(Supplier<TestStores> database) throws SQLException {
        db = database.get();

        SealedSigningKeyStore.open(db.signingKeys(), BOX).insert(new SigningKey("kid-1", jwk, NOW, null));

        assertThat(dump(db)).isNotEmpty().noneMatch(cell -> cell.contains(privatePart) || cell.contains("\"d\""));
        assertThat(SealedSigningKeyStore.open(db.signingKeys(), BOX).findAll()).extracting(SigningKey::jwk)
                .containsExactly(jwk);
    }

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void openWhenRowStoredInClearBeforeThenRowIsSealed(Supplier<TestStores> database) throws SQLException {
        db = database.get();
        db.signingKeys().insert(new SigningKey("kid-1", jwk, NOW, null));
        assertThat(dump(db)).anyMatch(cell -> cell.contains(privatePart));

        SealedSigningKeyStore store = SealedSigningKeyStore.open(db.signingKeys(), BOX);

        assertThat(dump(db)).noneMatch(cell -> cell.contains(privatePart));
        assertThat(store.findAll()).extracting(SigningKey::jwk).containsExactly(jwk);
    }

    /** Keys sealed under this test's secret would stop a later server test on the same database from starting. */
    @AfterEach
    void deleteKeys() throws SQLException {
        if (db != null) {
            try (Connection connection = db.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM latchkey_signing_key");
            }
        }
    }

    private static List<String> dump(TestStores db) throws SQLException {
        List<String> cells = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM latchkey_signing_key")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    String value = rows.getString(i);
                    if (value != null) {
                        cells.add(value);
                    }
                }
            }
        }
        return cells;
    }

    private static String randomPrivatePart() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
