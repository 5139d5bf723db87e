package dev.latchkey.spring.web;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A filter chain Latchkey contributes. Its own type lets Latchkey's default chain back off only
 * when the application defines a chain of its own.
 */
public final class LatchkeySecurityFilterChain implements SecurityFilterChain {
    private final SecurityFilterChain delegate;

    public LatchkeySecurityFilterChain(SecurityFilterChain delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        return delegate.matches(request);
    }

    @Override
    public List<Filter> getFilters() {
        return delegate.getFilters();
    }
}
