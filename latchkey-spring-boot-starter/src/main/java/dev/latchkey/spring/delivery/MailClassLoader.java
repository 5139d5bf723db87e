package dev.latchkey.spring.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.ArrayList;
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
 * remembers the {@code META-INF/services/} files it found, with their content, so the lookup finds the
 * same provider without the scan or a jar read. The class path does not change while the application runs.
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
            List<URL> remembered = new ArrayList<>();
            for (URL url : Collections.list(getParent().getResources(name))) {
                try (InputStream in = url.openStream()) {
                    remembered.add(new URL(null, url.toString(), new Remembered(in.readAllBytes())));
                }
            }
            return List.copyOf(remembered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves a service file's content as it was read once. */
    private static final class Remembered extends URLStreamHandler {
        private final byte[] content;

        Remembered(byte[] content) {
            this.content = content;
        }

        @Override
        protected URLConnection openConnection(URL url) {
            return new URLConnection(url) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() {
                    return new ByteArrayInputStream(content);
                }
            };
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
