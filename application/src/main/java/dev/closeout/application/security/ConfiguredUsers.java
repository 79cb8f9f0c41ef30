package dev.closeout.application.security;

import dev.closeout.application.web.RetryLater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
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
 * Signs in the users from configuration, and the users added through the API ({@link UserStore}),
 * a configured name taking precedence. A name no user has costs what a wrong password costs: the
 * presented password is checked against a stand-in hash made at start-up with the algorithm and cost
 * of the configured hashes, so the time an answer takes does not tell which names exist. Spring's
 * {@code DaoAuthenticationProvider} makes its stand-in with the encoder's default cost (BCrypt 10)
 * whatever the users' cost, which tells names apart as surely as no check at all.
 * <p>
 * A password that passed is remembered for a while ({@link VerifiedCredentials}), so that clients
 * sending HTTP Basic on every request pay the slow check once per while, not once per request.
 * <p>
 * Wrong passwords are counted per name ({@link SignInAttempts}); a locked name is refused before
 * any check, whoever has it and whatever the password. A disabled stored user is refused after
 * the password check, like a wrong password, and its failures are not counted.
 */
final class ConfiguredUsers implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredUsers.class);
    private static final Pattern BCRYPT = Pattern.compile("\\{bcrypt}\\$(2[aby])\\$(\\d\\d)\\$.{53}");

    private final Map<String, CloseoutUser> byName;
    private final PasswordEncoder encoder;
    private final PasswordEncoder newHashes;
    private final String standInHash;
    private final VerifiedCredentials verified;
    private final UserStore stored;
    private final SignInAttempts attempts;

    ConfiguredUsers(Collection<CloseoutUser> users, PasswordEncoder encoder) {
        this(users, encoder, VerifiedCredentials.none());
    }

    ConfiguredUsers(Collection<CloseoutUser> users, PasswordEncoder encoder, VerifiedCredentials verified) {
        this(users, encoder, verified, null, SignInAttempts.none());
    }

    ConfiguredUsers(Collection<CloseoutUser> users, PasswordEncoder encoder, VerifiedCredentials verified,
                    UserStore stored, SignInAttempts attempts) {
        this.byName = users.stream().collect(Collectors.toUnmodifiableMap(CloseoutUser::username, Function.identity()));
        this.encoder = encoder;
        this.newHashes = costliestOf(users.stream().map(CloseoutUser::passwordHash).toList(), encoder);
        this.standInHash = standInFor(newHashes);
        this.verified = verified;
        this.stored = stored;
        this.attempts = attempts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        Optional<Instant> locked = attempts.lockedUntil(name);
        if (locked.isPresent()) {
            throw new SignInLockedException(locked.get());
        }
        CloseoutUser configured = byName.get(name);
        StoredUser storedUser = configured == null && stored != null ? stored.find(name).orElse(null) : null;
        CloseoutUser user = configured != null ? configured : storedUser == null ? null : storedUser.signedIn();
        String presented = Objects.toString(authentication.getCredentials(), "");
        boolean remembered = user != null && verified.holds(user.username(), presented);
        boolean matches = remembered || encoder.matches(presented, user == null ? standInHash : user.passwordHash());
        if (user == null || !matches) {
            attempts.failed(name, user != null);
            throw new BadCredentialsException("Bad credentials");
        }
        attempts.succeeded(name);
        if (storedUser != null && storedUser.disabled()) {
            verified.forget(name);
            throw new DisabledException("Disabled");
        }
        if (!remembered) {
            verified.passed(user.username(), presented);
        }
        return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
    }

    /** Whether {@code name} is one of the configured users, which only configuration changes. */
    boolean configured(String name) {
        return byName.containsKey(name);
    }

    /**
     * Refuses to check a password for {@code name} while the name is held or locked, as sign-in does: a page session
     * held by someone else may not guess the password through a password change at BCrypt's speed. 429 with
     * {@code Retry-After}.
     */
    void refuseWhileLocked(String name) {
        attempts.lockedFor(name).ifPresent(left -> {
            throw RetryLater.refusal(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many wrong passwords for this name: try again later.", left);
        });
    }

    /** Counts a wrong password given for {@code name} other than at sign-in (changing its own). */
    void failed(String name) {
        attempts.failed(name, true);
    }

    /** Forgets the password that last passed for {@code name}, so the next request takes the full check. */
    void forget(String name) {
        verified.forget(name);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    String standInHash() {
        return standInHash;
    }

    /**
     * Hashes a password of a user added through the API as the stand-in is made (below), so that a
     * stored user's wrong password, a configured user's and a name nobody has all cost alike.
     */
    String encode(String password) {
        return newHashes.encode(password);
    }

    /**
     * A hash of a random secret, made like the costliest configured BCrypt hash: where users' costs
     * differ no one stand-in matches them all, and the costliest one keeps guessing names from ever
     * being cheaper than guessing passwords.
     */
    private static String standInFor(PasswordEncoder hashes) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return hashes.encode(Base64.getEncoder().encodeToString(secret));
    }

    /** The algorithm and cost of the costliest configured BCrypt hash; the encoder's own without one. */
    private static PasswordEncoder costliestOf(Collection<String> configuredHashes, PasswordEncoder encoder) {
        if (configuredHashes.stream().anyMatch(hash -> !BCRYPT.matcher(hash).matches())) {
            log.warn("Some configured password hashes are not {bcrypt}: a name nobody has is checked against a "
                    + "BCrypt hash, so its answer may take a different time from a wrong password for those users.");
        }
        return configuredHashes.stream().map(BCRYPT::matcher).filter(Matcher::matches)
                .max(Comparator.comparingInt(bcrypt -> Integer.parseInt(bcrypt.group(2))))
                .<PasswordEncoder>map(bcrypt -> {
                    BCryptPasswordEncoder bcryptEncoder = new BCryptPasswordEncoder(version(bcrypt.group(1)),
                            Integer.parseInt(bcrypt.group(2)));
                    return new PrefixedBCrypt(bcryptEncoder);
                })
                .orElse(encoder);
    }

    /** Spring's delegating form, {@code {bcrypt}$2a$…}, which the configured encoder reads back. */
    private record PrefixedBCrypt(BCryptPasswordEncoder bcrypt) implements PasswordEncoder {
        @Override
        public String encode(CharSequence rawPassword) {
            return "{bcrypt}" + bcrypt.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            return bcrypt.matches(rawPassword, encodedPassword.substring("{bcrypt}".length()));
        }
    }

    private static BCryptPasswordEncoder.BCryptVersion version(String prefix) {
        return BCryptPasswordEncoder.BCryptVersion.valueOf("$" + prefix.toUpperCase(Locale.ROOT));
    }
}
