package dev.closeout.application.workspace;

import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.projections.referral.ReferralLedger;
import dev.closeout.projections.support.OfficeZone;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * 转办反馈: the referral ledger ({@code GET /api/referrals}) as a page. Per referring level (省, 市) the
 * figures the API gives and a page of its items, soonest report-back date first, each linking to its task
 * or complaint; those awaited past their report-back date are red. Every role that reads the referral
 * ledger through the API reads it here. {@code level} and {@code page} turn the pages of one level; the
 * other shows its first page.
 */
@Controller
class ReferralsPageController {

    static final int PAGE_SIZE = 50;

    private final ReferralLedger ledger;
    private final OfficeZone zone;
    private final Clock clock;

    ReferralsPageController(ReferralLedger ledger, OfficeZone zone, Clock clock) {
        this.ledger = ledger;
        this.zone = zone;
        this.clock = clock;
    }

    @GetMapping("/referrals")
    String referrals(@RequestParam(required = false) ReferralLevel level, @RequestParam(defaultValue = "1") int page,
                     Model model) {
        LocalDate today = zone.today(clock);
        List<Level> levels = Arrays.stream(ReferralLevel.values())
                .map(each -> read(each, each == level ? page : 1, today)).toList();
        model.addAttribute("asOf", today);
        model.addAttribute("levels", levels);
        return "referrals";
    }

    /** The page {@code number} of a level's items; a number past the last shows the last, below 1 the first. */
    private Level read(ReferralLevel level, int number, LocalDate today) {
        // a number no page can have (its first item past what an int counts) is past the last: the last is shown
        int wanted = Math.max(1, Math.min(number, Integer.MAX_VALUE / PAGE_SIZE));
        ReferralLedger.Page read = ledger.page(level, today, (wanted - 1) * PAGE_SIZE, PAGE_SIZE);
        int pages = pages(read.total());
        if (wanted > pages) {
            wanted = pages;
            read = ledger.page(level, today, (wanted - 1) * PAGE_SIZE, PAGE_SIZE);
        }
        return new Level(read, wanted, pages);
    }

    private static int pages(long total) {
        return (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    /** One level's figures and page of items, page {@code number} of {@code pages}. */
    record Level(ReferralLedger.Page read, int number, int pages) {

        public String code() {
            return read.level().name();
        }

        /** Another page of this level, back at its section. */
        public String page(int other) {
            return UriComponentsBuilder.fromPath("/referrals").queryParam("level", code()).queryParam("page", other)
                    .fragment("referrals-" + code()).build().toUriString();
        }
    }
}
