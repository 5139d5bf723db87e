package dev.latchkey.spring.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.jspecify.annotations.Nullable;

/**
 * Counts, per phase of a sign-in, the database round trips and durable commits an application
 * makes through a datasource-proxy {@code DataSource}. A round trip is one executed statement (a
 * JDBC batch counts once), one {@code commit} or one {@code rollback}; a commit is an explicit
 * {@code commit} or a write executed in auto-commit mode. While a phase is set, calls on a delivery
 * thread ({@code latchkey-delivery-*}) count for {@link Phase#DELIVERY} and all others for that
 * phase; with none set, nothing counts.
 */
final class StatementCounter implements QueryExecutionListener, MethodExecutionListener {
    private static final Pattern WRITE = Pattern.compile("(?is)^\\s*(insert|update|delete|merge)\\b"
            + "|^\\s*with\\b.*\\b(insert|update|delete)\\b");
    private static final String DELIVERY_THREAD = "latchkey-delivery";

    /** The parts of one API sign-in. */
    enum Phase { REQUEST, DELIVERY, EXCHANGE }

    /** What one phase cost; {@code log} lists each round trip, for a reader of the test output. */
    record Counts(int roundTrips, int commits, List<String> log) {
        @Override
        public String toString() {
            return roundTrips + " round trips, " + commits + " commits";
        }
    }

    private final Map<Phase, List<String>> trips = new EnumMap<>(Phase.class);
    private final Map<Phase, Integer> commits = new EnumMap<>(Phase.class);
    private volatile @Nullable Phase current;

    StatementCounter() {
        for (Phase phase : Phase.values()) {
            trips.put(phase, new ArrayList<>());
            commits.put(phase, 0);
        }
    }

    /** Counts what follows for {@code phase}; null counts nothing. */
    void phase(@Nullable Phase phase) {
        current = phase;
    }

    synchronized Counts counts(Phase phase) {
        return new Counts(trips.get(phase).size(), commits.get(phase), List.copyOf(trips.get(phase)));
    }

    synchronized Counts total() {
        int roundTrips = 0;
        int committed = 0;
        for (Phase phase : Phase.values()) {
            roundTrips += trips.get(phase).size();
            committed += commits.get(phase);
        }
        return new Counts(roundTrips, committed, List.of());
    }

    @Override
    public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {
    }

    @Override
    public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
        Phase phase = phaseOfThisThread();
        if (phase == null) {
            return;
        }
        String sql = queries.isEmpty() ? "?" : queries.get(0).getQuery();
        boolean committed = isWrite(sql) && autoCommit(execution);
        String line = (execution.isBatch() ? "batch of " + execution.getBatchSize() + ": " : "")
                + sql.replaceAll("\\s+", " ") + (committed ? "  [auto-commit]" : "");
        record(phase, line, committed);
    }

    @Override
    public void beforeMethod(MethodExecutionContext context) {
    }

    @Override
    public void afterMethod(MethodExecutionContext context) {
        String name = context.getMethod().getName();
        if (!(context.getTarget() instanceof Connection) || !(name.equals("commit") || name.equals("rollback"))) {
            return;
        }
        Phase phase = phaseOfThisThread();
        if (phase != null) {
            record(phase, name.toUpperCase(Locale.ROOT), name.equals("commit"));
        }
    }

    private synchronized void record(Phase phase, String line, boolean commit) {
        trips.get(phase).add(line);
        if (commit) {
            commits.merge(phase, 1, Integer::sum);
        }
    }

    private @Nullable Phase phaseOfThisThread() {
        Phase phase = current;
        return phase != null && Thread.currentThread().getName().startsWith(DELIVERY_THREAD) ? Phase.DELIVERY : phase;
    }

    private static boolean isWrite(String sql) {
        return WRITE.matcher(sql).find();
    }

    private static boolean autoCommit(ExecutionInfo execution) {
        try {
            return execution.getStatement().getConnection().getAutoCommit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the connection's auto-commit mode", e);
        }
    }
}
