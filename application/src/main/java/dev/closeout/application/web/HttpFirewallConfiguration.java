package dev.closeout.application.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.List;

/**
 * The security firewall, widened for names inside one path segment.
 *
 * <p>Free-text names (ledgers) travel percent-encoded in a path segment, so an encoded slash
 * ({@code %2F}), backslash ({@code %5C}), percent ({@code %25}) or semicolon ({@code %3B}) is
 * data, not structure: Tomcat passes {@code %2F} and {@code %5C} through undecoded (see
 * {@link ServletContainerConfiguration}) and Spring MVC matches routes on the raw path, decoding
 * variables only after. What stays refused is what changes a path's meaning: a raw semicolon
 * (path parameters, which servers strip before matching), encoded periods and raw {@code ..}
 * segments (traversal), an encoded double slash, NUL, control characters and line or paragraph
 * separators.
 */
@Configuration(proxyBeanMethods = false)
class HttpFirewallConfiguration {

    @Bean
    WebSecurityCustomizer pathSegmentFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowBackSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        // Only the encoded semicolon is data: the raw one stays on the blocklist of the raw URI.
        firewall.getEncodedUrlBlocklist().removeAll(List.of("%3b", "%3B"));
        firewall.getDecodedUrlBlocklist().remove(";");
        return web -> web.httpFirewall(firewall);
    }
}
