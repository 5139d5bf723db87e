package dev.latchkey.spring.sample;

import dev.latchkey.spring.web.LatchkeyUser;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A plain application that adds the starter, a datasource and a secret; nothing else. */
@SpringBootApplication
public class SampleApplication {

    @RestController
    static class Pages {
        @GetMapping("/")
        String home(@AuthenticationPrincipal LatchkeyUser user) {
            return "hello " + user.email();
        }

        @GetMapping("/reports")
        String reports(@AuthenticationPrincipal LatchkeyUser user) {
            return "reports for " + user.email();
        }
    }
}
