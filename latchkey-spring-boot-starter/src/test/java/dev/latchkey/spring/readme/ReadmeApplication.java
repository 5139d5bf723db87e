package dev.latchkey.spring.readme;

import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.spring.web.LatchkeyUser;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application a newcomer writes after README's "Add sign-in to a Spring Boot app": one page of
 * its own. The test adds a sender that keeps each mail's text, because the {@code log} transport
 * (rightly) never shows a code. {@link ReadmeAppTest} runs it on the starter's classpath alone.
 */
@SpringBootApplication
public class ReadmeApplication {
    private static final BlockingQueue<String> MAILS = new LinkedBlockingQueue<>();

    /** Starts the application; the test calls this through reflection from another class loader. */
    public static AutoCloseable start(String... args) {
        SpringApplication application = new SpringApplication(ReadmeApplication.class);
        application.setMainApplicationClass(ReadmeApplication.class);
        return application.run(args);
    }

    /** The port the started application listens on. */
    public static int port(AutoCloseable context) {
        return Integer.parseInt(((ConfigurableApplicationContext) context).getEnvironment()
                .getRequiredProperty("local.server.port"));
    }

    /** The text of the next mail sent, or {@code null} if none comes within 15 seconds. */
    public static String nextMail() throws InterruptedException {
        return MAILS.poll(15, TimeUnit.SECONDS);
    }

    @Bean
    MessageSender keepingMailSender() {
        return new MessageSender() {
            @Override
            public Channel channel() {
                return Channel.EMAIL;
            }

            @Override
            public SendResult send(OutgoingMessage message) {
                MAILS.add(message.text());
                return new SendResult.Sent();
            }
        };
    }

    @RestController
    static class Home {
        @GetMapping("/")
        String home(@AuthenticationPrincipal LatchkeyUser user) {
            return "hello " + user.email();
        }
    }
}
