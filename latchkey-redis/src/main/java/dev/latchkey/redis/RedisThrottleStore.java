package dev.latchkey.redis;

import dev.latchkey.core.config.Rate;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.throttle.ThrottleDecision;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Throttle windows in Redis, one hash {@code {end, hits}} per key under {@code keyPrefix + key}, so
 * every instance on the same Redis shares the limits. Each {@code hit} and {@code check} is one Lua
 * script, which Redis runs without interleaving anything else, so a call is atomic across processes.
 *
 * <p>Time comes from the caller's {@code now}, never from Redis, so instances agree as long as their
 * clocks do. Window ends are kept in milliseconds. Each key expires when its window ends, so Redis
 * memory follows the keys active in the longest window and {@link #purgeExpired} has nothing to do.
 *
 * <p>Redis failures surface as Lettuce's unchecked {@link RedisException}s, unwrapped.
 */
public final class RedisThrottleStore implements ThrottleStore, AutoCloseable {
    /** Commands wait this long for Redis; a throttle that stalls a sign-in is worse than one that fails. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /*
     * Counts one hit. KEYS[1] the window's hash; ARGV: now in epoch ms, the end a window opened now
     * would have, the rate's count. A missing or ended window is replaced by a fresh one ending at
     * ARGV[2]. A full window refuses and writes nothing; otherwise hits goes up by one and the key
     * expires at the window's end (relative to the caller's clock, so a Redis clock that disagrees
     * cannot end a window early or keep it for years).
     * Returns {1, remaining} when counted, {0, window end in epoch ms} when refused.
     */
    private static final String HIT = """
            local now = tonumber(ARGV[1])
            local limit = tonumber(ARGV[3])
            local window = redis.call('HMGET', KEYS[1], 'end', 'hits')
            local ends = window[1]
            local hits = tonumber(window[2])
            if not ends or tonumber(ends) <= now then
              ends = ARGV[2]
              hits = 0
            end
            if hits >= limit then
              return {0, tonumber(ends)}
            end
            redis.call('HSET', KEYS[1], 'end', ends, 'hits', hits + 1)
            redis.call('PEXPIRE', KEYS[1], tonumber(ends) - now)
            return {1, limit - hits - 1}
            """;

    /*
     * Reads a window without counting. KEYS[1] the window's hash; ARGV: now in epoch ms, the rate's
     * count. A missing or ended window has room for the full count. Same replies as HIT.
     */
    private static final String CHECK = """
            local now = tonumber(ARGV[1])
            local limit = tonumber(ARGV[2])
            local window = redis.call('HMGET', KEYS[1], 'end', 'hits')
            local ends = tonumber(window[1])
            if not ends or ends <= now then
              return {1, limit}
            end
            local hits = tonumber(window[2])
            if hits >= limit then
              return {0, ends}
            end
            return {1, limit - hits}
            """;

    private final StatefulRedisConnection<String, String> connection;
    private final String keyPrefix;
    private final String hitSha;
    private final String checkSha;
    /** Set only by {@link #connect}, whose store owns its client; a caller's connection stays the caller's. */
    private final @Nullable RedisClient ownedClient;

    /**
     * A store on the caller's connection, which the caller keeps and closes. Keys are
     * {@code keyPrefix + key}, e.g. {@code latchkey:throttle:}.
     */
    public RedisThrottleStore(StatefulRedisConnection<String, String> connection, String keyPrefix) {
        this(connection, keyPrefix, null);
    }

    private RedisThrottleStore(StatefulRedisConnection<String, String> connection, String keyPrefix,
            @Nullable RedisClient ownedClient) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.ownedClient = ownedClient;
        RedisCommands<String, String> commands = connection.sync();
        this.hitSha = commands.digest(HIT);
        this.checkSha = commands.digest(CHECK);
    }

    /**
     * Opens a connection to {@code redisUri}, e.g. {@code redis://:password@redis.internal:6379/0}, with
     * 2-second timeouts, and a store on it that {@link #close} shuts down.
     *
     * @throws IllegalArgumentException when {@code redisUri} is not a Redis URI; the message does not repeat it
     * @throws IllegalStateException when Redis cannot be reached; the message names host and port
     *     but never the password
     */
    public static RedisThrottleStore connect(String redisUri, String keyPrefix) {
        RedisURI uri = parse(redisUri);
        uri.setTimeout(TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                // While reconnecting, refuse at once instead of queueing every sign-in for the timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            return new RedisThrottleStore(client.connect(), keyPrefix, client);
        } catch (RedisException e) {
            client.shutdown();
            throw new IllegalStateException("Redis at " + (uri.isSsl() ? "rediss" : "redis") + "://" + uri.getHost()
                    + ":" + uri.getPort() + " is not reachable: " + reason(e)
                    + "; set spring.data.redis.* or latchkey.throttle.backend=memory|jdbc", e);
        }
    }

    @Override
    public ThrottleDecision hit(String key, Rate rate, Instant now) {
        long nowMs = now.toEpochMilli();
        // A window shorter than Redis's millisecond resolution still lasts one.
        long endMs = nowMs + Math.max(1, rate.window().toMillis());
        return decision(run(HIT, hitSha, key, Long.toString(nowMs), Long.toString(endMs),
                Integer.toString(rate.count())), now);
    }

    @Override
    public ThrottleDecision check(String key, Rate rate, Instant now) {
        return decision(run(CHECK, checkSha, key, Long.toString(now.toEpochMilli()),
                Integer.toString(rate.count())), now);
    }

    @Override
    public void reset(String key) {
        connection.sync().del(keyPrefix + key);
    }

    /**
     * Returns 0: Redis removes each key itself when its window ends ({@code PEXPIRE}), so there is
     * never anything left to purge, and scanning the keyspace to prove it would only cost Redis time.
     */
    @Override
    public int purgeExpired(Instant now) {
        return 0;
    }

    /** Closes the connection and client that {@link #connect} opened; a caller's connection is left open. */
    @Override
    public void close() {
        if (ownedClient != null) {
            connection.close();
            ownedClient.shutdown();
        }
    }

    /** Runs a script by digest, loading it with EVAL when Redis does not know it (first use, restart, flush). */
    private List<Long> run(String script, String sha, String key, String... args) {
        String[] keys = {keyPrefix + key};
        RedisCommands<String, String> commands = connection.sync();
        try {
            return commands.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(script, ScriptOutputType.MULTI, keys, args);
        }
    }

    private static ThrottleDecision decision(List<Long> reply, Instant now) {
        if (reply.get(0) == 1) {
            return new ThrottleDecision.Allowed(Math.toIntExact(reply.get(1)));
        }
        return new ThrottleDecision.Refused(Duration.between(now, Instant.ofEpochMilli(reply.get(1))));
    }

    /** Lettuce echoes the URI text in its parse errors, password included; this message does not. */
    private static RedisURI parse(String redisUri) {
        try {
            return RedisURI.create(redisUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not a Redis URI; it looks like redis://:password@host:6379/0 or rediss://host:6380");
        }
    }

    /** The innermost cause, e.g. "Connection refused", which says more than "Unable to connect". */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
