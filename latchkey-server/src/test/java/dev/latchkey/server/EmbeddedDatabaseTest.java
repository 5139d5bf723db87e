package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/** The server's embedded H2 default, opened as the server opens it. */
class EmbeddedDatabaseTest {
    @TempDir
    Path dataDir;

    @Test
    void defaultUrlThenEachConnectionCachesTheParsedStatementsOfASignIn() throws Exception {
        Properties defaults = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test",
                Map.of("LATCHKEY_DATA_DIR", dataDir.toString())));
        String url = environment.resolveRequiredPlaceholders(defaults.getProperty("spring.datasource.url"));

        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             ResultSet setting = connection.createStatement().executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'")) {
            assertThat(setting.next()).isTrue();
            // H2's default of 8 re-parsed most of a sign-in's statements (a quarter of H2's CPU in the bench).
            assertThat(Integer.parseInt(setting.getString(1))).isGreaterThanOrEqualTo(64);
        }
        assertThat(url).startsWith("jdbc:h2:file:" + dataDir);
    }
}
