package dev.latchkey.spring.autoconfigure;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.config.SupportedLocales;
import dev.latchkey.core.spi.PageSessions;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.usecase.FreshSignIn;
import dev.latchkey.spring.LatchkeyProperties;
import dev.latchkey.spring.delivery.DevMailbox;
import dev.latchkey.spring.web.AccountController;
import dev.latchkey.spring.web.BindingCookie;
import dev.latchkey.spring.web.ClientIpResolver;
import dev.latchkey.spring.web.ContentSecurityPolicyFilter;
import dev.latchkey.spring.web.DevMailboxController;
import dev.latchkey.spring.web.LatchkeyAuthentication;
import dev.latchkey.spring.web.LatchkeyConfigurer;
import dev.latchkey.spring.web.LatchkeySecurityFilterChain;
import dev.latchkey.spring.web.LatchkeyUser;
import dev.latchkey.spring.web.LinkController;
import dev.latchkey.spring.web.LoginController;
import dev.latchkey.spring.web.NextUrlPolicy;
import dev.latchkey.spring.web.PageModel;
import dev.latchkey.spring.web.PasskeyOffer;
import dev.latchkey.spring.web.RegistryPageSessions;
import dev.latchkey.spring.web.WebRequests;
import dev.latchkey.spring.web.WebSignIn;
import java.net.URI;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/** The sign-in pages (SPEC §4.1) behind Spring Security. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
class LatchkeyWebConfiguration {
    /** Paths Latchkey serves; its own filter chain matches exactly these. */
    static final String[] PATHS = {"/login", "/login/**", "/logout", "/account", "/account/**", "/dev/mailbox",
            "/latchkey/**"};

    @Bean
    @ConditionalOnMissingBean
    SessionRegistry latchkeySessionRegistry() {
        return new SessionRegistryImpl();
    }

    /** Container sessions, ended through the registry; an application on Spring Session brings its own. */
    @Bean
    @ConditionalOnMissingBean
    PageSessions latchkeyPageSessions(SessionRegistry registry) {
        return new RegistryPageSessions(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    HttpSessionEventPublisher latchkeySessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }

    /** Session cookies: {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} when the base URL is https (rule 13). */
    @Bean
    ServletContextInitializer latchkeySessionCookies(LatchkeyConfig config) {
        return servletContext -> {
            var cookie = servletContext.getSessionCookieConfig();
            cookie.setHttpOnly(true);
            cookie.setSecure("https".equals(config.baseUrl().getScheme()));
            cookie.setAttribute("SameSite", "Lax");
        };
    }

    @Bean
    @ConditionalOnMissingBean
    WebRequests latchkeyWebRequests(LatchkeyProperties properties, LatchkeyConfig config, MessageSource messages) {
        return new WebRequests(new ClientIpResolver(properties.trustedProxies()),
                new BindingCookie("https".equals(config.baseUrl().getScheme()), config.challenge().ttl()), messages);
    }

    /**
     * Pages speak the first supported language of {@code Accept-Language}, else English (SPEC §14). Spring MVC's
     * resolver for the whole application; one the application defines wins.
     */
    @Bean(name = DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
    @ConditionalOnMissingBean(name = DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
    LocaleResolver localeResolver(LatchkeyConfig config) {
        AcceptHeaderLocaleResolver resolver = new AcceptHeaderLocaleResolver();
        resolver.setSupportedLocales(config.locales().all());
        resolver.setDefaultLocale(SupportedLocales.FALLBACK);
        return resolver;
    }

    @Bean
    @ConditionalOnMissingBean
    WebSignIn latchkeyWebSignIn(SessionRegistry registry, NextUrlPolicy nextUrls, Clock clock,
                                ObjectProvider<PasskeyOffer> passkeyOffer) {
        return new WebSignIn(registry, nextUrls, clock, passkeyOffer.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    LatchkeyConfigurer latchkeyConfigurer(SessionRegistry registry, LatchkeyProperties properties, LatchkeyConfig config,
                                          Latchkey latchkey, WebRequests requests) {
        // With the OpenID Provider on, a sign-in form's redirects end at a client's redirect URI.
        List<String> clientOrigins = properties.oidc().enabled()
                ? properties.oidc().clients().stream().flatMap(client -> client.redirectUris().stream())
                        .map(LatchkeyWebConfiguration::cspOrigin).distinct().toList()
                : List.of();
        return new LatchkeyConfigurer(registry,
                new ContentSecurityPolicyFilter(properties.redirect().allowedHosts(), clientOrigins),
                properties.redirect().afterLogout(), (request, response, authentication) -> {
                    if (authentication != null && authentication.getPrincipal() instanceof LatchkeyUser user) {
                        latchkey.signedOut(user.userId(), requests.requester(request));
                    }
                }, "https".equals(config.baseUrl().getScheme()));
    }

    /**
     * The CSP source of a redirect URI's origin; a loopback IP literal without a port takes any port
     * (RFC 8252 §7.3), as the OpenID Provider allows.
     */
    static String cspOrigin(String redirectUri) {
        URI uri = URI.create(redirectUri);
        boolean loopback = "127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
        String port = uri.getPort() != -1 ? ":" + uri.getPort() : loopback ? ":*" : "";
        return uri.getScheme() + "://" + uri.getHost() + port;
    }

    /** Latchkey's pages: public, except the account pages. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 50)
    LatchkeySecurityFilterChain latchkeyPagesFilterChain(HttpSecurity http, LatchkeyConfigurer latchkey) throws Exception {
        http.securityMatcher(PATHS)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/account/email/confirm", "/account/email/confirm/**").permitAll()
                        .requestMatchers("/account", "/account/**").authenticated()
                        .anyRequest().permitAll())
                .with(latchkey, configurer -> { });
        return new LatchkeySecurityFilterChain(http.build());
    }

    /** Every other page needs a sign-in, unless the application brings its own filter chain. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 100)
    @ConditionalOnMissingBean(value = SecurityFilterChain.class, ignored = LatchkeySecurityFilterChain.class)
    LatchkeySecurityFilterChain latchkeyDefaultFilterChain(HttpSecurity http, LatchkeyConfigurer latchkey) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
                .with(latchkey, configurer -> { });
        return new LatchkeySecurityFilterChain(http.build());
    }

    /** Lets an {@code AuthenticationManager} accept Latchkey's sign-ins; also keeps Boot from inventing a password user. */
    @Bean
    @ConditionalOnMissingBean(AuthenticationProvider.class)
    AuthenticationProvider latchkeyAuthenticationProvider() {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                return authentication;
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return LatchkeyAuthentication.class.isAssignableFrom(authentication);
            }
        };
    }

    @Bean
    PageModel latchkeyPageModel(LatchkeyConfig config) {
        return new PageModel(config);
    }

    @Bean
    LoginController latchkeyLoginController(Latchkey latchkey, WebRequests requests, NextUrlPolicy nextUrls,
                                            WebSignIn webSignIn, Clock clock) {
        return new LoginController(latchkey, requests, nextUrls, webSignIn, clock);
    }

    @Bean
    LinkController latchkeyLinkController(Latchkey latchkey, WebRequests requests, WebSignIn webSignIn) {
        return new LinkController(latchkey, requests, webSignIn);
    }

    @Bean
    AccountController latchkeyAccountController(Latchkey latchkey, UserDirectory users, WebRequests requests,
                                                FreshSignIn freshSignIn, LatchkeyProperties properties) {
        return new AccountController(latchkey, users, requests, freshSignIn, properties.redirect().afterLogout());
    }

    @Bean
    @ConditionalOnBean(DevMailbox.class)
    DevMailboxController latchkeyDevMailboxController(DevMailbox mailbox, LatchkeyProperties properties) {
        return new DevMailboxController(mailbox, properties.devMailbox().allowRemote());
    }
}
