package dev.latchkey.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private static final byte[] OLD = "old-secret-old-secret-old-secret-0123".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "new-secret-new-secret-new-secret-0123".getBytes(StandardCharsets.UTF_8);

    @Test
    void openWhenSealedUnderCurrentKeyThenPlaintextUnderCurrentKey() {
        SecretBox box = SecretBox.of(List.of(NEW));
        String sealed = box.seal("signing-key", "kid-1", "{\"d\":\"private\"}");

        assertThat(sealed).startsWith(SecretBox.PREFIX).doesNotContain("private");
        assertThat(box.open("signing-key", "kid-1", sealed))
                .contains(new SecretBox.Opened("{\"d\":\"private\"}", true));
    }

    @Test
    void sealWhenCalledTwiceThenNoncesDiffer() {
        SecretBox box = SecretBox.of(List.of(NEW));

        assertThat(box.seal("p", "id", "same")).isNotEqualTo(box.seal("p", "id", "same"));
    }

    @Test
    void openWhenSealedUnderPreviousKeyThenPlaintextNotUnderCurrentKey() {
        String sealed = SecretBox.of(List.of(OLD)).seal("p", "id", "value");

        assertThat(SecretBox.of(List.of(NEW, OLD)).open("p", "id", sealed)).contains(new SecretBox.Opened("value", false));
    }

    @Test
    void openWhenKeyUnknownThenEmpty() {
        String sealed = SecretBox.of(List.of(OLD)).seal("p", "id", "value");

        assertThat(SecretBox.of(List.of(NEW)).open("p", "id", sealed)).isEmpty();
    }

    @Test
    void openWhenMovedToAnotherRowOrPurposeThenEmpty() {
        SecretBox box = SecretBox.of(List.of(NEW));
        String sealed = box.seal("signing-key", "kid-1", "value");

        assertThat(box.open("signing-key", "kid-2", sealed)).isEmpty();
        assertThat(box.open("setting", "kid-1", sealed)).isEmpty();
    }

    @Test
    void openWhenAlteredOrNotSealedThenEmpty() {
        SecretBox box = SecretBox.of(List.of(NEW));
        String sealed = box.seal("p", "id", "value");
        char last = sealed.charAt(sealed.length() - 1);
        String altered = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(box.open("p", "id", altered)).isEmpty();
        assertThat(box.open("p", "id", "{\"kty\":\"EC\"}")).isEmpty();
        assertThat(box.open("p", "id", SecretBox.PREFIX + "***")).isEmpty();
        assertThat(box.open("p", "id", SecretBox.PREFIX + "AAAA")).isEmpty();
    }

    @Test
    void toStringWhenOpenedThenPlaintextMasked() {
        assertThat(new SecretBox.Opened("value", true).toString()).doesNotContain("value");
    }
}
