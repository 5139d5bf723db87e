package dev.latchkey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC §2 rules 2 and 17 on real databases: after a full run of the engine, with a failed send,
 * a wrong code, a sign-in and a pending challenge, no column of any Latchkey table holds a link
 * token or code that was ever minted, in text or in bytes.
 */
class EngineRowsHoldNoSecretsTest {
    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2", (Supplier<TestStores>) () -> TestDatabases.h2("rows_hold_no_secrets")),
                Arguments.of("PostgreSQL", (Supplier<TestStores>) TestDatabases::postgres),
                Arguments.of("MariaDB", (Supplier<TestStores>) TestDatabases::mariadb));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rowsWhenEngineHasRunThenHoldNoTokenOrCode(String name, Supplier<TestStores> database) throws SQLException {
        TestStores db = database.get();
        Harness h = new Harness(JdbcHarness.stores(db),
                s -> s.codeAlphabet("ABCDEFGHJKMNPQRSTVWXYZ23456789").codeLength(8),
                b -> b.auditTrail(db.audit()::append));
        h.mail.failNext(1);
        h.request("ada@example.com");
        h.latchkey.deliveryWorker().drain();
        h.clock.advance(Duration.ofSeconds(5));
        h.latchkey.deliveryWorker().drain();
        SentMessage ada = h.mail.last();
        assertThat(h.latchkey.redeemCode(h.pendingRequestId("ada@example.com"), "AAAAAAAA", h.proof()))
                .isInstanceOf(RedemptionOutcome.WrongCode.class);
        assertThat(h.latchkey.redeemLink(ada.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
        h.requestAndDeliver("bob@example.com");

        List<String> secrets = new ArrayList<>();
        for (OutgoingMessage message : h.mail.attempted()) {
            SentMessage sent = SentMessage.parse(message);
            secrets.add(sent.token());
            secrets.add(sent.code());
        }
        assertThat(secrets).hasSize(6);

        List<String> cells = cells(db.dataSource());
        assertThat(cells).as("rows were written").hasSizeGreaterThan(20);
        for (String cell : cells) {
            for (String secret : secrets) {
                assertThat(cell).doesNotContain(secret);
            }
        }
    }

    /** Every non-null cell of every Latchkey table, as text and as its bytes read as Latin-1. */
    private static List<String> cells(DataSource dataSource) throws SQLException {
        List<String> cells = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : TestDatabases.TABLES) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object value = rows.getObject(i);
                            if (value instanceof byte[] bytes) {
                                cells.add(new String(bytes, StandardCharsets.ISO_8859_1));
                            } else if (value != null) {
                                cells.add(value.toString());
                            }
                        }
                    }
                }
            }
        }
        return cells;
    }
}
