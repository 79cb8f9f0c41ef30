package dev.closeout.application.security;

import dev.closeout.application.support.IntegrationTest;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet filter Spring Security registers is its filter chain as Spring Security built it, not
 * wrapped in Spring MVC's cache filter, which looks every request's handler up before the security
 * filters run ({@link OneHandlerLookup}); the rules still hold ({@link EveryEndpointAccessTest} walks
 * them all).
 */
class OneHandlerLookupTest extends IntegrationTest {

    @Autowired
    private ApplicationContext context;

    @Test
    void noHandlerIsLookedUpBeforeTheSecurityFilters() {
        Filter filter = context.getBean(OneHandlerLookup.FILTER_CHAIN, Filter.class);

        // Spring Security's own wrapper (the parsed path for its matchers first) stays; Spring MVC's goes
        assertThat(filter).isInstanceOf(FilterChainProxy.class);
        assertThat(filter.getClass().getName()).doesNotContain("WebMvcSecurityConfiguration");
        assertThat(((FilterChainProxy) filter).getFilterChains())
                .anySatisfy(chain -> assertThat(chain.getFilters()).hasAtLeastOneElementOfType(BasicAuthenticationFilter.class));
    }

    @Test
    void requestsAreStillAuthenticatedAndAuthorized() {
        assertThat(anonymous.get("/api/ledgers").status()).isEqualTo(401);
        assertThat(alerts.get("/api/ledgers").status()).isEqualTo(403);
        assertThat(auditor.get("/api/ledgers").status()).isEqualTo(200);
    }
}
