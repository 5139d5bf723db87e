package dev.latchkey.server;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.secret.SecretBox;
import dev.latchkey.core.spi.InstanceSettings;
import dev.latchkey.spring.LatchkeyProperties;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * On the embedded H2 database, a missing {@code latchkey.secret} is generated once and kept in the
 * database, so restarts keep challenges and tokens valid. On any other database it is required:
 * several instances must share one secret, and it belongs in the deployment's secret store.
 *
 * <p>The generated secret is stored encrypted (SPEC §2 rule 18). It cannot be sealed under itself,
 * so it is sealed under a machine-local key: {@value #KEY_FILE}, 32 random bytes in the data
 * directory ({@code LATCHKEY_DATA_DIR}, default {@code ./data}), readable by its owner only. A dump
 * of the database alone does not reveal the secret. A secret stored in the clear by an earlier
 * version is sealed at start-up.
 */
@Configuration(proxyBeanMethods = false)
class DevelopmentSecret {
    private static final System.Logger LOG = System.getLogger(DevelopmentSecret.class.getName());
    static final String SETTING = "development-secret";
    static final String KEY_FILE = "development-secret.key";
    private static final String PURPOSE = "instance-setting";
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Bean
    LatchkeyConfig latchkeyConfig(LatchkeyProperties properties, InstanceSettings settings, Environment environment) {
        if (properties.secret() != null && !properties.secret().isBlank()) {
            return properties.toConfig();
        }
        if (!ServerDefaults.embedded(environment)) {
            throw new InvalidSettingException("latchkey.secret is required with " + ServerDefaults.database(environment)
                    + ": set LATCHKEY_SECRET to at least 32 random bytes, e.g. the output of 'openssl rand -base64 32'");
        }
        Path keyFile = Path.of(environment.getProperty("LATCHKEY_DATA_DIR", "./data")).resolve(KEY_FILE);
        SecretBox box = SecretBox.of(List.of(machineKey(keyFile)));
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String generated = Base64.getEncoder().encodeToString(random);
        String stored = settings.putIfAbsent(SETTING, box.seal(PURPOSE, SETTING, generated));
        String secret;
        if (SecretBox.isSealed(stored)) {
            secret = box.open(PURPOSE, SETTING, stored).orElseThrow(() -> new InvalidSettingException(
                    "the development secret in the database cannot be decrypted with " + keyFile.toAbsolutePath()
                            + ": restore that file, or set LATCHKEY_SECRET (latchkey.secret) to a secret of your own"))
                    .plaintext();
        } else {
            secret = stored;
            settings.replace(SETTING, box.seal(PURPOSE, SETTING, secret));
        }
        LOG.log(System.Logger.Level.WARNING, "latchkey.secret is not set: using a generated development secret kept"
                + " encrypted in the embedded database. Set LATCHKEY_SECRET for production.");
        return properties.withSecret(secret).toConfig();
    }

    /** The key in {@code file}, made with owner-only permissions on first start. */
    private static byte[] machineKey(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[KEY_BYTES];
                RANDOM.nextBytes(key);
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    } else {
                        Files.createFile(file);
                    }
                    Files.write(file, key, StandardOpenOption.TRUNCATE_EXISTING);
                    return key;
                } catch (FileAlreadyExistsException raced) {
                    // Another process made it first: use theirs.
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != KEY_BYTES) {
                throw new InvalidSettingException("the development key file " + file.toAbsolutePath() + " must hold "
                        + KEY_BYTES + " bytes (it holds " + key.length + "): restore it, or set LATCHKEY_SECRET");
            }
            return key;
        } catch (IOException e) {
            throw new InvalidSettingException("cannot read or create the development key file " + file.toAbsolutePath()
                    + " (" + e.getClass().getSimpleName() + "): set LATCHKEY_DATA_DIR to a writable directory,"
                    + " or set LATCHKEY_SECRET");
        }
    }
}
