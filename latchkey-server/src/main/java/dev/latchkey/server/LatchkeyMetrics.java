package dev.latchkey.server;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.LatchkeyEventListener;
import dev.latchkey.core.delivery.DeliveryObserver;
import dev.latchkey.core.identity.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for SPEC §6: {@code latchkey_requests_total{channel}},
 * {@code latchkey_sign_ins_total{method}}, {@code latchkey_failures_total{reason}},
 * {@code latchkey_lockouts_total}, {@code latchkey_messages_total{channel,outcome}}, the timer
 * {@code latchkey_delivery_seconds}, and {@code latchkey_throttle_backend_failures_total} (requests let
 * through unthrottled under {@code fail-open}), fed by audit events and delivery outcomes.
 */
final class LatchkeyMetrics implements LatchkeyEventListener, DeliveryObserver {
    private final MeterRegistry registry;

    LatchkeyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onEvent(AuditEvent event) {
        switch (event.type()) {
            case LOGIN_REQUESTED -> count("latchkey.requests", "channel",
                    event.identifier() == null ? "unknown" : event.identifier().channel().key());
            case LOGIN_SUCCEEDED -> count("latchkey.sign.ins", "method", signInMethod(event.reason()));
            case LOGIN_FAILED -> count("latchkey.failures", "reason", event.reason() == null ? "unknown" : event.reason());
            case IDENTIFIER_LOCKED -> Counter.builder("latchkey.lockouts").register(registry).increment();
            case THROTTLE_BACKEND_FAILED -> Counter.builder("latchkey.throttle.backend.failures").register(registry).increment();
            default -> {
                // Other events have no meter of their own; they are in the audit trail.
            }
        }
    }

    /** The {@code method} tag of a sign-in from its audit reason: {@code otp} is a typed code. */
    private static String signInMethod(@Nullable String reason) {
        if ("otp".equals(reason)) {
            return "code";
        }
        return "passkey".equals(reason) || "oidc".equals(reason) ? reason : "link";
    }

    @Override
    public void sent(Channel channel, Duration latency) {
        message(channel, "sent");
        Timer.builder("latchkey.delivery").tag("channel", channel.key()).register(registry).record(latency);
    }

    @Override
    public void failed(Channel channel) {
        message(channel, "failed");
    }

    @Override
    public void abandoned(Channel channel) {
        message(channel, "abandoned");
    }

    private void message(Channel channel, String outcome) {
        Counter.builder("latchkey.messages").tag("channel", channel.key()).tag("outcome", outcome)
                .register(registry).increment();
    }

    private void count(String name, String tag, String value) {
        Counter.builder(name).tag(tag, value.toLowerCase(Locale.ROOT)).register(registry).increment();
    }
}
