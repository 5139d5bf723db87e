package dev.latchkey.jdbc;

import javax.sql.DataSource;

/** Every JDBC store on one emptied test database, sharing one {@link JdbcTransactions}. */
record TestStores(DataSource dataSource, JdbcTransactions transactions) {

    JdbcChallengeStore challenges() {
        return new JdbcChallengeStore(transactions);
    }

    JdbcOutboxStore outbox() {
        return new JdbcOutboxStore(transactions);
    }

    JdbcUserDirectory users() {
        return new JdbcUserDirectory(transactions);
    }

    JdbcThrottleStore throttles() {
        return new JdbcThrottleStore(transactions);
    }

    JdbcAuditEventStore audit() {
        return new JdbcAuditEventStore(transactions);
    }

    JdbcApiSessionStore sessions() {
        return new JdbcApiSessionStore(transactions);
    }

    JdbcSigningKeyStore signingKeys() {
        return new JdbcSigningKeyStore(transactions);
    }

    JdbcOidcStore oidc() {
        return new JdbcOidcStore(transactions);
    }

    JdbcInstanceSettings settings() {
        return new JdbcInstanceSettings(transactions);
    }

    JdbcPasskeyStore passkeys() {
        return new JdbcPasskeyStore(transactions);
    }

    JdbcCeremonyStore ceremonies() {
        return new JdbcCeremonyStore(transactions);
    }
}
