package dev.closeout.application.deadline;

import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.time.Assessment;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourReason;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.support.OfficeZone;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A petition received on Monday 3 March 2025 and assigned with 60 days to answer (due 2 May), judged on the clock's
 * day in Beijing: nothing is reported of a complaint between acceptance and reply, so silence does not colour it.
 */
class ComplaintColoursTest {

    private static final Instant RECEIVED_AT = Instant.parse("2025-03-03T02:00:00Z");
    private static final LocalDate DUE = LocalDate.of(2025, 5, 2);

    private static Assessment on(String day, ComplaintStatus status) {
        Clock clock = Clock.fixed(Instant.parse(day + "T02:00:00Z"), OfficeZone.CHINA);
        Colours colours = new Colours(DeadlinePolicy.standard(OfficeZone.CHINA), OfficeZone.china(), clock);
        return colours.ofComplaint(RECEIVED_AT, DUE, status, null);
    }

    @Test
    void a_sixty_day_petition_is_blue_a_month_after_receipt() {
        assertThat(on("2025-04-02", ComplaintStatus.ACCEPTED)).isEqualTo(Assessment.onTrack());
        assertThat(on("2025-04-02", ComplaintStatus.ASSIGNED)).isEqualTo(Assessment.onTrack());
    }

    @Test
    void a_petition_is_yellow_only_as_its_due_date_nears() {
        assertThat(on("2025-04-29", ComplaintStatus.ACCEPTED))
                .isEqualTo(new Assessment(Colour.YELLOW, List.of(ColourReason.DUE_SOON)));
    }
}
