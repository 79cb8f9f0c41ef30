package dev.closeout.application.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The origins ({@code scheme://host[:port]}, as a browser writes them in the {@code Origin}
 * header) whose pages may send commands to this server: its own public address(es), and any
 * front-end the operator trusts. Compared without regard to case or to a default port.
 */
final class AllowedOrigins {

    static final String PROPERTY = "closeout.security.allowed-origins";

    private final Set<String> origins;

    private AllowedOrigins(Set<String> origins) {
        this.origins = origins;
    }

    /** The configured origins; one that is not an origin stops the start-up, naming it. */
    static AllowedOrigins of(List<String> configured) {
        return new AllowedOrigins(configured.stream()
                .map(origin -> normalized(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin)
                        .orElseThrow(() -> new IllegalArgumentException(PROPERTY + " holds '" + origin
                                + "', which is not an origin such as https://closeout.example.gov.cn or http://10.0.0.5:8080")))
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether a request's {@code Origin} header names one of these; an opaque origin ({@code null}) never does. */
    boolean allows(String origin) {
        return normalized(origin).map(origins::contains).orElse(false);
    }

    private static Optional<String> normalized(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            int defaultPort = scheme.equals("https") ? 443 : 80;
            int port = uri.getPort() == defaultPort ? -1 : uri.getPort();
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
