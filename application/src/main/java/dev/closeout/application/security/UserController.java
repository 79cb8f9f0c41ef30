package dev.closeout.application.security;

import dev.closeout.application.security.UserAdministration.NewPassword;
import dev.closeout.application.security.UserAdministration.UserView;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Users added by a supervisor ({@code /api/admin/users}, supervisors only, see {@link AccessRules}), and
 * every stored user's own password ({@code /api/me/password}). See {@link UserAdministration}.
 */
@RestController
public class UserController {

    private final UserAdministration administration;

    UserController(UserAdministration administration) {
        this.administration = administration;
    }

    public record NewUser(String name, String password, String role, String department) {
    }

    public record PasswordReset(String password) {
    }

    public record PasswordChange(String current, @JsonProperty("new") String newPassword) {
    }

    @GetMapping("/api/admin/users")
    List<UserView> list() {
        return administration.list();
    }

    @PostMapping("/api/admin/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserView create(@RequestBody NewUser user, @AuthenticationPrincipal CloseoutUser me) {
        return administration.create(me.actor(), user.name(), user.password(), user.role(), user.department());
    }

    @PostMapping("/api/admin/users/{name}/disable")
    UserView disable(@PathVariable String name, @AuthenticationPrincipal CloseoutUser me) {
        return administration.disable(me.actor(), name);
    }

    @PostMapping("/api/admin/users/{name}/enable")
    UserView enable(@PathVariable String name, @AuthenticationPrincipal CloseoutUser me) {
        return administration.enable(me.actor(), name);
    }

    /** Without a body (or without {@code password}) the server makes a 16-character password, shown once. */
    @PostMapping("/api/admin/users/{name}/reset-password")
    NewPassword resetPassword(@PathVariable String name, @RequestBody(required = false) PasswordReset reset,
                              @AuthenticationPrincipal CloseoutUser me) {
        return administration.resetPassword(me.actor(), name, reset == null ? null : reset.password());
    }

    @PostMapping("/api/me/password")
    UserView changePassword(@RequestBody PasswordChange change, @AuthenticationPrincipal CloseoutUser me) {
        return administration.changeOwn(me, change.current(), change.newPassword());
    }
}
