package dev.latchkey.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A sign-in server for teams in any language: pages, the JSON API and its JWKS. Every setting comes
 * from {@code latchkey.*} properties or environment variables ({@code LATCHKEY_SECRET},
 * {@code SPRING_DATASOURCE_URL}, {@code SPRING_MAIL_HOST}, …).
 */
@SpringBootApplication
public class LatchkeyServer {

    public static void main(String[] args) {
        SpringApplication.run(LatchkeyServer.class, args);
    }
}
