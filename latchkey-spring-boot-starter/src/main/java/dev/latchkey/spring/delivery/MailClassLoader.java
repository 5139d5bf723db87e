package dev.latchkey.spring.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The context class loader while mail is built and sent. Jakarta Mail 2.1 looks up its
 * {@code StreamProvider} with {@link java.util.ServiceLoader} through the context class loader for
 * every part it creates, writes or encodes (jakartaee/mail-api#699, #861), and each lookup probes
 * every jar on the class path for the service file: eight lookups a message, about a fifth of the
 * server's CPU per sign-in. This loader delegates everything to the application's loader and only
 * remembers where the {@code META-INF/services/} files are, so the lookup finds the same provider
 * without the scan. The class path does not change while the application runs.
 */
final class MailClassLoader extends ClassLoader {
    private static final String SERVICES = "META-INF/services/";

    static {
        registerAsParallelCapable();
    }

    private final ConcurrentMap<String, List<URL>> services = new ConcurrentHashMap<>();

    MailClassLoader(ClassLoader application) {
        super(application);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (!name.startsWith(SERVICES)) {
            return super.getResources(name);
        }
        try {
            return Collections.enumeration(services.computeIfAbsent(name, this::find));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private List<URL> find(String name) {
        try {
            return List.copyOf(Collections.list(getParent().getResources(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code work} with this loader as the current thread's context class loader. */
    <T> T run(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(this);
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
