package dev.closeout.application.security;

import dev.closeout.application.infrastructure.mongo.Durability;
import dev.closeout.application.web.NotFoundException;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Role;
import dev.closeout.domain.common.Text;
import dev.closeout.domain.user.UserChanged;
import dev.closeout.domain.user.UserChanged.Change;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The users a supervisor adds (department clerks, mostly), beside the configured ones, which stay as
 * they are configured. Every change is first appended as a {@link UserChanged} event to the user's
 * own stream in the event store (the audit trail, and the point where two changes to one user at
 * once meet: the second is refused with 409), then written to the user's entry in the
 * {@link UserStore}, which sign-in reads. A change that stops a password (disable, reset, change)
 * makes the next request with it take the full check. A change is answered once both are on disk
 * ({@link Durability}): a user answered disabled is not enabled again by a crash.
 */
public class UserAdministration {

    /** Lower-case letters, digits, {@code . _ -}; starts with a letter or digit; 2 to 64 characters. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    static final int MIN_PASSWORD = 12;
    /** BCrypt reads no further than 72 bytes, and Spring's encoder refuses more. */
    static final int MAX_PASSWORD_BYTES = 72;
    private static final Set<Role> ROLES = EnumSet.complementOf(EnumSet.of(Role.SYSTEM));
    private static final String GENERATED = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /** A user as a supervisor sees it; {@code source} says whether the API may change it. */
    public record UserView(String name, Role role, String department, boolean disabled, boolean mustChangePassword,
                           String source) {
    }

    /** A password a supervisor set or the server made, shown once. */
    public record NewPassword(String name, String password, boolean mustChangePassword) {
    }

    private final UserStore users;
    private final EventStore events;
    private final PasswordEncoder encoder;
    private final ConfiguredUsers signIn;
    private final List<CloseoutUser> configured;
    private final Durability durability;
    private final SecureRandom random = new SecureRandom();

    UserAdministration(UserStore users, EventStore events, PasswordEncoder encoder, ConfiguredUsers signIn,
                       List<CloseoutUser> configured, Durability durability) {
        this.users = users;
        this.events = events;
        this.encoder = encoder;
        this.signIn = signIn;
        this.configured = List.copyOf(configured);
        this.durability = durability;
    }

    public List<UserView> list() {
        return Stream.concat(
                        configured.stream().map(u -> new UserView(u.username(), u.role(), u.department(), false, false,
                                "configuration")),
                        users.all().stream().map(u -> new UserView(u.name(), u.role(), u.department(), u.disabled(),
                                u.mustChangePassword(), "api")))
                .sorted(Comparator.comparing(UserView::name))
                .toList();
    }

    public UserView create(Actor by, String name, String password, String role, String department) {
        String checkedName = name(name);
        Role checkedRole = role(role);
        String checkedDepartment = department(checkedRole, department);
        String hash = signIn.encode(password("password", password));
        if (signIn.configured(checkedName) || users.find(checkedName).isPresent()) {
            throw new CommandRefusedException(CommandRefusedException.Reason.STATE, "name",
                    "A user named " + checkedName + " exists already.");
        }
        StoredUser user = new StoredUser(checkedName, hash, checkedRole, checkedDepartment, false, false, 0);
        try {
            append(user, Change.CREATED, by);
        } catch (AggregateStreamCreationException createdMeanwhile) {
            throw new CommandRefusedException(CommandRefusedException.Reason.STATE, "name",
                    "A user named " + checkedName + " exists already.");
        }
        if (!users.insert(user)) {
            throw new CommandRefusedException(CommandRefusedException.Reason.STATE, "name",
                    "A user named " + checkedName + " exists already.");
        }
        // answered only once the entry sign-in reads is on disk, as the event before it is
        durability.awaitDurable();
        return view(user);
    }

    public UserView disable(Actor by, String name) {
        StoredUser before = stored(name);
        return view(change(before, with(before, before.passwordHash(), true, before.mustChangePassword()),
                Change.DISABLED, by));
    }

    public UserView enable(Actor by, String name) {
        StoredUser before = stored(name);
        return view(change(before, with(before, before.passwordHash(), false, before.mustChangePassword()),
                Change.ENABLED, by));
    }

    /** Sets {@code password}, or a generated one when none is given; the user must change it at the next sign-in. */
    public NewPassword resetPassword(Actor by, String name, String password) {
        StoredUser before = stored(name);
        String newPassword = password == null ? generated() : password("password", password);
        change(before, with(before, signIn.encode(newPassword), before.disabled(), true), Change.PASSWORD_RESET, by);
        return new NewPassword(before.name(), newPassword, true);
    }

    /** A user changes its own password, giving the current one; a configured user's is configuration's. */
    public UserView changeOwn(CloseoutUser me, String current, String newPassword) {
        if (signIn.configured(me.username())) {
            throw new CommandRefusedException(CommandRefusedException.Reason.STATE,
                    me.username() + " is configured in closeout.security.users: its password is changed there.");
        }
        StoredUser before = stored(me.username());
        signIn.refuseWhileLocked(me.username());
        if (current == null || !encoder.matches(current, before.passwordHash())) {
            // Counted as at sign-in: a page session held by someone else must not try passwords freely.
            signIn.failed(me.username());
            throw new InvalidValueException("current", "is not your current password");
        }
        String checked = password("new", newPassword);
        if (checked.equals(current)) {
            throw new InvalidValueException("new", "must differ from the current password");
        }
        return view(change(before, with(before, signIn.encode(checked), before.disabled(), false),
                Change.PASSWORD_CHANGED, me.actor()));
    }

    private StoredUser change(StoredUser before, StoredUser after, Change change, Actor by) {
        append(after, change, by);
        signIn.forget(after.name());
        if (!users.replace(after, before.version())) {
            throw new CommandRefusedException(CommandRefusedException.Reason.STATE,
                    after.name() + " was changed by someone else at the same time; read it again and retry.");
        }
        // a disabled user answered disabled stays so after a crash: the entry sign-in reads is on disk first
        durability.awaitDurable();
        return after;
    }

    private void append(StoredUser user, Change change, Actor by) {
        events.publish(new GenericDomainEventMessage<>(UserChanged.STREAM_TYPE, UserChanged.stream(user.name()),
                user.version(), new UserChanged(user.name(), change, user.role(), user.department(), by)));
    }

    private static StoredUser with(StoredUser before, String hash, boolean disabled, boolean mustChange) {
        return new StoredUser(before.name(), hash, before.role(), before.department(), disabled, mustChange,
                before.version() + 1);
    }

    private StoredUser stored(String name) {
        if (signIn.configured(name)) {
            throw new CommandRefusedException(CommandRefusedException.Reason.STATE, "name", name
                    + " is configured in closeout.security.users: the API does not change it; change the configuration.");
        }
        return users.find(name).orElseThrow(() -> new NotFoundException("No user added through the API is named " + name));
    }

    private static UserView view(StoredUser user) {
        return new UserView(user.name(), user.role(), user.department(), user.disabled(), user.mustChangePassword(),
                "api");
    }

    private static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidValueException("name", "must be 2 to 64 lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return name;
    }

    private static Role role(String role) {
        try {
            Role parsed = role == null ? null : Role.valueOf(role.trim().toUpperCase(Locale.ROOT));
            if (parsed != null && ROLES.contains(parsed)) {
                return parsed;
            }
        } catch (IllegalArgumentException unknown) {
            // answered below, naming the roles
        }
        throw new InvalidValueException("role", "must be one of " + ROLES);
    }

    private static String department(Role role, String department) {
        if (role == Role.DEPARTMENT) {
            return Text.name(department, "department");
        }
        if (!Text.isBlank(department)) {
            throw new InvalidValueException("department", "is given only for a DEPARTMENT user");
        }
        return null;
    }

    private static String password(String field, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            throw new InvalidValueException(field, "must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidValueException(field, "must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
        return password;
    }

    private String generated() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(GENERATED.charAt(random.nextInt(GENERATED.length())));
        }
        return password.toString();
    }
}
