package dev.latchkey.server;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The server's root sends people to their account, which asks them to sign in first. */
@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "redirect:/account";
    }
}
