package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.AuthMethod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LatchkeyMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LatchkeyMetrics metrics = new LatchkeyMetrics(registry);

    private void signedIn(AuthMethod method) {
        metrics.onEvent(new AuditEvent(AuditEventType.LOGIN_SUCCEEDED, null, null, "203.0.113.7", null, Instant.EPOCH,
                method.auditName()));
    }

    @Test
    void signInsAreCountedByMethodWithEveryPasskeyVariantAsPasskey() {
        signedIn(AuthMethod.LINK);
        signedIn(AuthMethod.CODE);
        signedIn(AuthMethod.PASSKEY_SWK_UV);
        signedIn(AuthMethod.PASSKEY_HWK);

        assertThat(registry.get("latchkey.sign.ins").tag("method", "link").counter().count()).isEqualTo(1);
        assertThat(registry.get("latchkey.sign.ins").tag("method", "code").counter().count()).isEqualTo(1);
        assertThat(registry.get("latchkey.sign.ins").tag("method", "passkey").counter().count()).isEqualTo(2);
    }
}
