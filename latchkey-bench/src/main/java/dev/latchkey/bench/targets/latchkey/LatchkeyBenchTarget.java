package dev.latchkey.bench.targets.latchkey;

import dev.latchkey.bench.targets.BenchEndpoints;
import dev.latchkey.bench.targets.CapturedTokens;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.server.LatchkeyServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The Latchkey server as shipped, plus a sender that hands each email's link token to {@code /bench/token}
 * instead of mailing it. With {@code bench.capture=false} the server's own SMTP sender stays in place.
 */
@SpringBootApplication(scanBasePackageClasses = {LatchkeyServer.class, LatchkeyBenchTarget.class},
        proxyBeanMethods = false)
@Import(BenchEndpoints.class)
public final class LatchkeyBenchTarget {
    private static final Pattern LINK_TOKEN = Pattern.compile("/([A-Za-z0-9_-]{43})");

    public static void main(String[] args) {
        SpringApplication.run(LatchkeyBenchTarget.class, args);
    }

    /** An application sender for a channel replaces Latchkey's default one. */
    @Bean
    @ConditionalOnProperty(name = "bench.capture", havingValue = "true", matchIfMissing = true)
    MessageSender capturingEmailSender(CapturedTokens tokens) {
        return new MessageSender() {
            @Override
            public Channel channel() {
                return Channel.EMAIL;
            }

            @Override
            public SendResult send(OutgoingMessage message) {
                Matcher link = LINK_TOKEN.matcher(message.text());
                if (!link.find()) {
                    return new SendResult.Failed("no link token in the message", false);
                }
                tokens.put(message.recipient().value(), link.group(1));
                return new SendResult.Sent();
            }
        };
    }
}
