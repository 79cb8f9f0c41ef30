package dev.closeout.application.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * An identity provider for the tests, in this JVM: an RSA key (a test resource), its key set and an OpenID
 * discovery document served on a loopback port, and tokens signed with the key. The shared test context
 * takes its tokens ({@link IntegrationTest}), so no test needs a context of its own for them.
 */
public final class TestIdentityProvider {

    /** The audience the API's tokens must name ({@code closeout.security.oidc.audiences}). */
    public static final String AUDIENCE = "closeout-api";
    /** The pages' client at the provider ({@code closeout.security.oidc.client-id}). */
    public static final String CLIENT_ID = "closeout-pages";

    private static TestIdentityProvider instance;

    private final RSAKey key;
    private final String issuer;
    private volatile String nextIdToken;

    private TestIdentityProvider() throws IOException {
        key = key("provider-key.json");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        String keys = new JWKSet(key.toPublicJWK()).toString();
        String discovery = """
                {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
                 "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"], "subject_types_supported": ["public"],
                 "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "profile"]}"""
                .formatted(issuer);
        server.createContext("/.well-known/openid-configuration", exchange -> json(exchange, discovery));
        server.createContext("/jwks", exchange -> json(exchange, keys));
        server.createContext("/token", exchange -> json(exchange, """
                {"access_token": "%s", "token_type": "Bearer", "expires_in": 300, "scope": "openid profile",
                 "id_token": "%s"}""".formatted(UUID.randomUUID(), nextIdToken)));
        // Daemon threads: the provider lives as long as the JVM's tests and never holds its exit.
        server.setExecutor(command -> {
            Thread thread = new Thread(command, "test-identity-provider");
            thread.setDaemon(true);
            thread.start();
        });
        server.start();
    }

    /** The one provider of this JVM, started at the first call. */
    public static synchronized TestIdentityProvider get() {
        if (instance == null) {
            try {
                instance = new TestIdentityProvider();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String issuer() {
        return issuer;
    }

    /**
     * The claims of a token of this provider for the API, issued at {@code now} and valid for five minutes:
     * issuer, audience, subject and {@code preferred_username}; a test adds the role and department.
     */
    public JWTClaimsSet.Builder claims(String user, Instant now) {
        return new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).subject(UUID.randomUUID().toString())
                .claim("preferred_username", user).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** The ID token the token endpoint answers with next, for a browser's sign-in through this provider. */
    public void answerNextCodeWith(JWTClaimsSet idToken) {
        nextIdToken = sign(idToken);
    }

    /** The claims signed with this provider's key, as a compact JWT. */
    public String sign(JWTClaimsSet claims) {
        return sign(claims, key);
    }

    /** The claims signed with another key, which this provider never published. */
    public static String signWithForeignKey(JWTClaimsSet claims) {
        try {
            return sign(claims, key("foreign-key.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sign(JWTClaimsSet claims, RSAKey with) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The provider's key, or a foreign key of the same id, so that only the signature tells the two apart. */
    private static RSAKey key(String name) throws IOException {
        try (InputStream json = TestIdentityProvider.class.getResourceAsStream("/identity-provider/" + name)) {
            return RSAKey.parse(new String(json.readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("identity-provider/" + name + " is not an RSA JWK", e);
        }
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
    }
}
