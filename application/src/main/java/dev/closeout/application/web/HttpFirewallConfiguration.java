package dev.closeout.application.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.List;

/**
 * The security firewall, widened for names inside one path segment and answering in problem+json.
 *
 * <p>Free-text names (ledgers) travel percent-encoded in a path segment, so an encoded slash
 * ({@code %2F}), backslash ({@code %5C}), percent ({@code %25}) or semicolon ({@code %3B}) is
 * data, not structure: Tomcat passes {@code %2F} and {@code %5C} through undecoded (see
 * {@link ServletContainerConfiguration}) and Spring MVC matches routes on the raw path, decoding
 * variables only after. What stays refused is what changes a path's meaning: a raw semicolon
 * (path parameters, which servers strip before matching), encoded periods and raw {@code ..}
 * segments (traversal), NUL, control characters and line or paragraph separators.
 */
@Configuration(proxyBeanMethods = false)
class HttpFirewallConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HttpFirewallConfiguration.class);

    @Bean
    WebSecurityCustomizer pathSegmentFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedDoubleSlash(true);
        firewall.setAllowBackSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        // Only the encoded semicolon is data: the raw one stays on the blocklist of the raw URI.
        firewall.getEncodedUrlBlocklist().removeAll(List.of("%3b", "%3B"));
        firewall.getDecodedUrlBlocklist().remove(";");
        return web -> web.httpFirewall(firewall);
    }

    @Bean
    RequestRejectedHandler problemRequestRejectedHandler(ProblemResponses problems) {
        return (request, response, rejected) -> {
            log.debug("Refused request to {}: {}", request.getRequestURI(), rejected.getMessage());
            problems.write(response, HttpStatus.BAD_REQUEST, "The request's path or headers contain characters or "
                    + "sequences that are refused: encoded NUL, control characters, '..' segments, encoded periods "
                    + "or raw semicolons.");
        };
    }
}
