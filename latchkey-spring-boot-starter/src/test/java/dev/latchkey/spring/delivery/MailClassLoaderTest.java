package dev.latchkey.spring.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.util.StreamProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MailClassLoaderTest {
    private static final String STREAM_PROVIDER = "META-INF/services/" + StreamProvider.class.getName();

    /** The application's loader, counting how often it is asked for resources. */
    private static final class CountingLoader extends ClassLoader {
        final AtomicInteger lookups = new AtomicInteger();

        CountingLoader() {
            super(MailClassLoaderTest.class.getClassLoader());
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            lookups.incrementAndGet();
            return super.getResources(name);
        }
    }

    @Test
    void streamProviderWhenLookedUpRepeatedlyThenTheClassPathIsScannedOnceAndTheProviderIsJakartaMails() {
        CountingLoader application = new CountingLoader();
        MailClassLoader mail = new MailClassLoader(application);
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        StreamProvider first = mail.run(StreamProvider::provider);
        StreamProvider second = mail.run(StreamProvider::provider);

        assertThat(first.getClass()).isEqualTo(StreamProvider.provider().getClass());
        assertThat(second.getClass()).isEqualTo(first.getClass());
        assertThat(application.lookups).hasValue(1);
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void getResourcesWhenServiceFileThenSameUrlsAndContentAsTheApplicationsLoader() throws IOException {
        ClassLoader application = MailClassLoaderTest.class.getClassLoader();
        MailClassLoader mail = new MailClassLoader(application);

        List<URL> remembered = Collections.list(mail.getResources(STREAM_PROVIDER));
        List<URL> found = Collections.list(application.getResources(STREAM_PROVIDER));

        assertThat(remembered).isNotEmpty().hasSameSizeAs(found);
        for (int i = 0; i < found.size(); i++) {
            assertThat(remembered.get(i)).hasToString(found.get(i).toString());
            try (InputStream a = remembered.get(i).openStream(); InputStream b = found.get(i).openStream()) {
                assertThat(a.readAllBytes()).isEqualTo(b.readAllBytes());
            }
        }
    }

    @Test
    void getResourcesWhenNotAServiceFileThenAskedOfTheApplicationEveryTime() throws IOException {
        CountingLoader application = new CountingLoader();
        MailClassLoader mail = new MailClassLoader(application);
        String name = MailClassLoaderTest.class.getName().replace('.', '/') + ".class";

        List<URL> first = Collections.list(mail.getResources(name));
        List<URL> second = Collections.list(mail.getResources(name));

        assertThat(first).hasSize(1).isEqualTo(second);
        assertThat(application.lookups).hasValue(2);
    }
}
