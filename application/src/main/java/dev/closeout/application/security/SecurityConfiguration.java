package dev.closeout.application.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closeout.domain.common.Role;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * HTTP Basic over users from configuration. Reading is open to every signed-in role but the
 * alert consumer; what a user may change is decided by the aggregates, which know each task's
 * lead department and each complaint's assigned department. Failures are answered as problem
 * details like every other error.
 */
@Configuration
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final String[] READERS = {Role.SUPERVISOR.name(), Role.DEPARTMENT.name(), Role.AUDITOR.name()};

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper mapper) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized(mapper)))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized(mapper))
                        .accessDeniedHandler(forbidden(mapper)))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/v3/api-docs/**", "/error").permitAll()
                        .requestMatchers("/api/admin/**").hasRole(Role.SUPERVISOR.name())
                        .requestMatchers(HttpMethod.GET, "/api/alerts/**").hasAnyRole(Role.ALERT_CONSUMER.name(),
                                Role.SUPERVISOR.name(), Role.AUDITOR.name())
                        // Alert consumers manage their own subscriptions (the controller hides others'); only
                        // supervisors put a parked delivery back in line, since it may hammer a recovering endpoint.
                        .requestMatchers(HttpMethod.POST, "/api/webhooks/*/deliveries/*/retry")
                        .hasRole(Role.SUPERVISOR.name())
                        .requestMatchers(HttpMethod.GET, "/api/webhooks/**").hasAnyRole(Role.SUPERVISOR.name(),
                                Role.ALERT_CONSUMER.name(), Role.AUDITOR.name())
                        .requestMatchers("/api/webhooks/**").hasAnyRole(Role.SUPERVISOR.name(),
                                Role.ALERT_CONSUMER.name())
                        .requestMatchers(HttpMethod.GET, "/api/tasks/**", "/api/ledgers/**", "/api/complaints/**",
                                "/api/complaint-ledger", "/api/scorecards", "/board.html").hasAnyRole(READERS)
                        .requestMatchers(HttpMethod.POST, "/api/tasks/**", "/api/complaints/**")
                        .hasAnyRole(Role.SUPERVISOR.name(), Role.DEPARTMENT.name())
                        .anyRequest().authenticated())
                .headers(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecurityProperties properties) {
        Map<String, CloseoutUser> byName = properties.users().stream()
                .map(u -> new CloseoutUser(u.name(), u.password(), u.role(), u.department()))
                .collect(Collectors.toUnmodifiableMap(CloseoutUser::username, Function.identity()));
        if (properties.demoUsers()) {
            log.warn("DEMO USERS ARE ENABLED ({}), each with its name as password. "
                    + "Never run this profile with real data; configure closeout.security.users instead.",
                    String.join(", ", byName.keySet().stream().sorted().toList()));
        }
        if (byName.isEmpty()) {
            log.warn("No users are configured (closeout.security.users): every request will be refused.");
        }
        return name -> {
            CloseoutUser user = byName.get(name);
            if (user == null) {
                throw new UsernameNotFoundException(name);
            }
            return user;
        };
    }

    private static AuthenticationEntryPoint unauthorized(ObjectMapper mapper) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"closeout\"");
            write(mapper, response, HttpStatus.UNAUTHORIZED, "Sign in with HTTP Basic to use this API.");
        };
    }

    private static AccessDeniedHandler forbidden(ObjectMapper mapper) {
        return (request, response, e) ->
                write(mapper, response, HttpStatus.FORBIDDEN, "Your role may not use " + request.getRequestURI());
    }

    private static void write(ObjectMapper mapper, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("about:blank"));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem);
    }
}
