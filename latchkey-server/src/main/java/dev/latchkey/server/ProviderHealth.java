package dev.latchkey.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * SPEC §2 rule 17: a mail provider that is down never makes the server unhealthy, since the outbox
 * holds its messages until it is back. {@code /actuator/health} leaves the {@code mail} component
 * out of its overall status; the group {@code /actuator/health/delivery} reports the providers' own
 * state (503 while one is down).
 */
@Configuration(proxyBeanMethods = false)
class ProviderHealth {
    /** Health contributors of message providers. */
    static final Set<String> PROVIDERS = Set.of("mail");
    /** The health group that holds them. */
    static final String GROUP = "delivery";

    /** Runs before the availability probes wrap the groups, so their additional paths stay. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static HealthEndpointGroupsPostProcessor latchkeyProvidersOutsideOverallHealth() {
        return groups -> {
            Map<String, HealthEndpointGroup> named = new LinkedHashMap<>();
            for (String name : groups.getNames()) {
                named.put(name, groups.get(name));
            }
            named.putIfAbsent(GROUP, new Providers(groups.getPrimary(), true));
            return HealthEndpointGroups.of(new Providers(groups.getPrimary(), false), named);
        };
    }

    /** The overall group's settings, with only the providers as members, or all but them. */
    private record Providers(HealthEndpointGroup overall, boolean only) implements HealthEndpointGroup {
        @Override
        public boolean isMember(String name) {
            return PROVIDERS.contains(name) == only && overall.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return overall.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return overall.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return overall.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return overall.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return overall.getAdditionalPath();
        }
    }
}
