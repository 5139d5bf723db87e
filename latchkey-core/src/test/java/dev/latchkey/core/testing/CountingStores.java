package dev.latchkey.core.testing;

import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.UserDirectory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/** Wraps stores to record, in order, every write made through them: reads ({@code find…}) are not recorded. */
public final class CountingStores {
    private final Harness.Stores wrapped;
    private final List<String> writes = new ArrayList<>();

    public CountingStores(Harness.Stores delegate) {
        this.wrapped = new Harness.Stores(
                record(ChallengeStore.class, delegate.challenges()),
                record(UserDirectory.class, delegate.users()),
                record(OutboxStore.class, delegate.outbox()),
                delegate.throttles(), delegate.transactions());
    }

    public Harness.Stores stores() {
        return wrapped;
    }

    public synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    public synchronized void clear() {
        writes.clear();
    }

    private <T> T record(Class<T> type, T target) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (!method.getName().startsWith("find")) {
                synchronized (this) {
                    writes.add(method.getName());
                }
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
