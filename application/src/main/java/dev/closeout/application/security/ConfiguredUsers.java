package dev.closeout.application.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs in the users from configuration. A name no user has costs what a wrong password costs: the
 * presented password is checked against a stand-in hash made at start-up with the algorithm and cost
 * of the configured hashes, so the time an answer takes does not tell which names exist. Spring's
 * {@code DaoAuthenticationProvider} makes its stand-in with the encoder's default cost (BCrypt 10)
 * whatever the users' cost, which tells names apart as surely as no check at all.
 * <p>
 * A password that passed is remembered for a while ({@link VerifiedCredentials}), so that clients
 * sending HTTP Basic on every request pay the slow check once per while, not once per request.
 */
final class ConfiguredUsers implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredUsers.class);
    private static final Pattern BCRYPT = Pattern.compile("\\{bcrypt}\\$(2[aby])\\$(\\d\\d)\\$.{53}");

    private final Map<String, CloseoutUser> byName;
    private final PasswordEncoder encoder;
    private final String standInHash;
    private final VerifiedCredentials verified;

    ConfiguredUsers(Collection<CloseoutUser> users, PasswordEncoder encoder) {
        this(users, encoder, VerifiedCredentials.none());
    }

    ConfiguredUsers(Collection<CloseoutUser> users, PasswordEncoder encoder, VerifiedCredentials verified) {
        this.byName = users.stream().collect(Collectors.toUnmodifiableMap(CloseoutUser::username, Function.identity()));
        this.encoder = encoder;
        this.standInHash = standInFor(users.stream().map(CloseoutUser::passwordHash).toList(), encoder);
        this.verified = verified;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        CloseoutUser user = byName.get(authentication.getName());
        String presented = Objects.toString(authentication.getCredentials(), "");
        if (user != null && verified.holds(user.username(), presented)) {
            return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        }
        boolean matches = encoder.matches(presented, user == null ? standInHash : user.passwordHash());
        if (user == null || !matches) {
            throw new BadCredentialsException("Bad credentials");
        }
        verified.passed(user.username(), presented);
        return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    String standInHash() {
        return standInHash;
    }

    /**
     * A hash of a random secret, made like the costliest configured BCrypt hash: where users' costs
     * differ no one stand-in matches them all, and the costliest one keeps guessing names from ever
     * being cheaper than guessing passwords.
     */
    private static String standInFor(Collection<String> configuredHashes, PasswordEncoder encoder) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getEncoder().encodeToString(secret);
        if (configuredHashes.stream().anyMatch(hash -> !BCRYPT.matcher(hash).matches())) {
            log.warn("Some configured password hashes are not {bcrypt}: a name nobody has is checked against a "
                    + "BCrypt hash, so its answer may take a different time from a wrong password for those users.");
        }
        return configuredHashes.stream().map(BCRYPT::matcher).filter(Matcher::matches)
                .max(Comparator.comparingInt(bcrypt -> Integer.parseInt(bcrypt.group(2))))
                .map(bcrypt -> "{bcrypt}" + new BCryptPasswordEncoder(version(bcrypt.group(1)),
                        Integer.parseInt(bcrypt.group(2))).encode(password))
                .orElseGet(() -> encoder.encode(password));
    }

    private static BCryptPasswordEncoder.BCryptVersion version(String prefix) {
        return BCryptPasswordEncoder.BCryptVersion.valueOf("$" + prefix.toUpperCase(Locale.ROOT));
    }
}
