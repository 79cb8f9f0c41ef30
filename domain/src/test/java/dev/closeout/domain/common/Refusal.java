package dev.closeout.domain.common;

import dev.closeout.domain.common.CommandRefusedException.Reason;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeDiagnosingMatcher;

import java.util.Objects;

import static org.hamcrest.Matchers.containsString;

/** Asserts that a command was refused: the exception, its reason and field, a message fragment, and no events. */
public final class Refusal extends TypeSafeDiagnosingMatcher<CommandRefusedException> {

    private final Reason reason;
    private final String field;

    private Refusal(Reason reason, String field) {
        this.reason = reason;
        this.field = field;
    }

    public static void expectRefused(ResultValidator<?> result, Reason reason, String messageFragment) {
        expect(result, new Refusal(reason, null), messageFragment);
    }

    /** A refusal for {@code reason} that names the request field at fault, e.g. a stale decision's (409). */
    public static void expectRefused(ResultValidator<?> result, Reason reason, String field, String messageFragment) {
        expect(result, new Refusal(reason, field), messageFragment);
    }

    public static void expectInvalid(ResultValidator<?> result, String field, String messageFragment) {
        expect(result, new Refusal(Reason.INVALID, field), messageFragment);
    }

    private static void expect(ResultValidator<?> result, Refusal refusal, String messageFragment) {
        result.expectNoEvents()
              .expectException(CommandRefusedException.class)
              .expectException(refusal)
              .expectExceptionMessage(containsString(messageFragment));
    }

    @Override
    protected boolean matchesSafely(CommandRefusedException refused, Description mismatch) {
        if (refused.reason() != reason || !Objects.equals(refused.field(), field)) {
            mismatch.appendText("was refused for ").appendValue(refused.reason())
                    .appendText(" on field ").appendValue(refused.field())
                    .appendText(": ").appendValue(refused.getMessage());
            return false;
        }
        return true;
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a command refused for ").appendValue(reason).appendText(" on field ").appendValue(field);
    }
}
