package dev.latchkey.spring.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.latchkey.spring.web.Browser;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 11 item 13: README's "Add sign-in to a Spring Boot app", followed to the letter, gives an
 * app that starts and signs a visitor in by code. The test takes the first dependency and the first
 * properties block of that section as they are written, and runs {@link ReadmeApplication} over HTTP
 * in a class loader holding this module's test classpath minus what a new app would not have: the
 * starter's optional dependencies (JDBC, mail, JOSE, Redis, BouncyCastle; the test checks the pom marks them so)
 * with what they bring, and the test-only H2 and GreenMail.
 */
class ReadmeAppTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path POM = Path.of("pom.xml");
    private static final String SECTION = "## Add sign-in to a Spring Boot app";
    /** The starter's optional dependencies; {@link #NOT_IN_A_NEW_APP} leaves out them and what they bring. */
    private static final List<String> OPTIONAL = List.of("latchkey-jdbc", "latchkey-redis",
            "spring-boot-starter-oauth2-resource-server", "spring-security-oauth2-authorization-server",
            "bcprov-jdk18on", "spring-boot-starter-mail", "spring-boot-starter-jdbc", "spring-boot-configuration-processor");
    /** Leading parts of the jars (or reactor modules) that only an app asking for them gets. */
    private static final List<String> NOT_IN_A_NEW_APP = List.of(
            "latchkey-jdbc", "spring-jdbc", "spring-boot-jdbc", "spring-boot-starter-jdbc", "HikariCP", "flyway-", "h2-",
            "spring-boot-mail", "spring-boot-starter-mail", "jakarta.mail", "angus-mail", "spring-context-support",
            "greenmail", "nimbus-jose-jwt", "spring-security-oauth2-", "spring-boot-security-oauth2-",
            "spring-boot-starter-oauth2-", "latchkey-redis", "lettuce-core", "bcprov-");
    private static final Pattern CODE = Pattern.compile("code: (\\S+)");

    @TempDir
    Path dir;

    @Test
    void appWhenBuiltFromTheReadmeSnippetThenStartsAndSignsInByCode() throws Exception {
        String section = section(Files.readString(README));
        assertThat(artifactIds(block(section, "xml"))).containsExactly("latchkey-spring-boot-starter");
        assertThat(optionalDependencies()).containsExactlyInAnyOrderElementsOf(OPTIONAL);
        Path properties = Files.writeString(dir.resolve("application.properties"), block(section, "properties"));
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String[] args = {"--spring.config.location=file:" + properties, "--server.port=0",
                "--LATCHKEY_SECRET=" + Base64.getEncoder().encodeToString(secret)};

        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader newApp = newAppClassLoader()) {
            assertNewAppClassPath(newApp);
            Thread.currentThread().setContextClassLoader(newApp);
            // The Tomcat of earlier tests in this JVM has set the JVM-wide URL stream handler factory, which can be set once.
            newApp.loadClass("org.apache.catalina.webresources.TomcatURLStreamHandlerFactory").getMethod("disable").invoke(null);
            Class<?> app = newApp.loadClass(ReadmeApplication.class.getName());
            try (AutoCloseable context = (AutoCloseable) app.getMethod("start", String[].class).invoke(null, (Object) args)) {
                Browser browser = new Browser((int) app.getMethod("port", AutoCloseable.class).invoke(null, context));
                Browser.Page home = browser.get("/");
                assertThat(home.status()).isEqualTo(302);
                assertThat(home.location()).endsWith("/login");

                Browser.Page asked = browser.submit(browser.get("/login"), "form[action='/login']",
                        Map.of("email", "newcomer@example.com"));
                assertThat(asked.status()).isEqualTo(303);
                assertThat(asked.location()).endsWith("/login/check");
                String mail = (String) app.getMethod("nextMail").invoke(null);
                assertThat(mail).as("the mail with the code").isNotNull();
                Matcher code = CODE.matcher(mail);
                assertThat(code.find()).isTrue();

                Browser.Page signedIn = browser.submit(browser.get("/login/check"), "form[action='/login/check']",
                        Map.of("code", code.group(1)));
                assertThat(signedIn.status()).isEqualTo(303);
                assertThat(browser.follow(signedIn).response().body()).isEqualTo("hello newcomer@example.com");
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** The README section, up to the next heading. */
    private static String section(String readme) {
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README section '%s'", SECTION).isNotNegative();
        int end = readme.length();
        for (String heading : List.of("\n## ", "\n### ")) {
            int next = readme.indexOf(heading, start + SECTION.length());
            if (next >= 0) {
                end = Math.min(end, next);
            }
        }
        return readme.substring(start, end);
    }

    /** The first fenced block of {@code language} in {@code text}. */
    private static String block(String text, String language) {
        Matcher block = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(block.find()).as("a ```%s block", language).isTrue();
        return block.group(1);
    }

    private static List<String> artifactIds(String xml) {
        return Pattern.compile("<artifactId>(.*?)</artifactId>").matcher(xml).results().map(m -> m.group(1)).toList();
    }

    /** The artifacts the starter's pom marks {@code <optional>}: an app that adds the starter does not get them. */
    private static List<String> optionalDependencies() throws Exception {
        NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(POM.toFile())
                .getElementsByTagName("dependency");
        List<String> optional = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if ("true".equals(child(dependency, "optional"))) {
                optional.add(child(dependency, "artifactId"));
            }
        }
        return optional;
    }

    private static String child(Element element, String name) {
        NodeList children = element.getElementsByTagName(name);
        return children.getLength() == 0 ? null : children.item(0).getTextContent().trim();
    }

    /** Surefire runs tests from a manifest-only jar and puts the real class path in this property. */
    private static URLClassLoader newAppClassLoader() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        URL[] urls = Arrays.stream(classPath.split(File.pathSeparator)).map(Path::of)
                .filter(entry -> NOT_IN_A_NEW_APP.stream().noneMatch(name(entry)::startsWith))
                .map(ReadmeAppTest::url).toArray(URL[]::new);
        return new URLClassLoader("new-app", urls, ClassLoader.getPlatformClassLoader());
    }

    /** A jar's file name; for a reactor module's {@code target/classes}, the module's directory name. */
    private static String name(Path entry) {
        return Files.isDirectory(entry) && entry.getNameCount() >= 3
                ? entry.getParent().getParent().getFileName().toString() : entry.getFileName().toString();
    }

    private static URL url(Path entry) {
        try {
            return entry.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class path really is a new app's: the features' classes are absent, the starter's own are there. */
    private static void assertNewAppClassPath(ClassLoader newApp) throws ClassNotFoundException {
        for (String absent : List.of("dev.latchkey.jdbc.JdbcTransactions", "org.springframework.jdbc.core.JdbcTemplate",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", "org.h2.Driver",
                "org.springframework.mail.javamail.JavaMailSender", "jakarta.mail.internet.MimeMessage",
                "com.nimbusds.jose.jwk.JWK", "org.springframework.security.oauth2.jwt.JwtDecoder")) {
            assertThatExceptionOfType(ClassNotFoundException.class).as(absent)
                    .isThrownBy(() -> Class.forName(absent, false, newApp));
        }
        for (String present : List.of("dev.latchkey.spring.autoconfigure.LatchkeyAutoConfiguration",
                "org.springframework.web.servlet.DispatcherServlet", "org.thymeleaf.TemplateEngine",
                "org.springframework.security.web.SecurityFilterChain")) {
            assertThat(Class.forName(present, false, newApp).getClassLoader()).as(present).isSameAs(newApp);
        }
    }
}
