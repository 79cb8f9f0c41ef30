package dev.closeout.projections.deadline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the due-date index knows of one task or complaint: enough to tell the next day a deadline
 * check could record something ({@link NextCheck}), nothing more.
 *
 * @param ledger              the task's ledger (its colour thresholds); {@code null} for complaints
 * @param dueDate             the current due date; {@code null} for a complaint not yet assigned
 * @param dueSoonFor          the due date a due-soon warning was recorded for
 * @param overdueFor          the due date the item was recorded overdue (a task) or not answered in
 *                            time (a complaint) for
 * @param level               the escalation level reached, {@code null} if never escalated
 * @param acceptBy            the complaint's acceptance limit while awaiting acceptance
 * @param notAcceptedRecorded whether the current assignment was already recorded as not accepted
 * @param filedOn             the date document the item is filed under; {@code null} when in none
 * @param seq                 sequence number of the last event reflected
 * @param milestones          a task's milestones (推进时序表); empty for complaints, and in items filed
 *                            before milestones existed
 * @param reportBackDue       the report-back date (反馈) of a referral (省, 市) still chased: awaited and not
 *                            yet recorded overdue; {@code null} when none, also in items filed before referrals
 * @param transferPending     a complaint whose department asked for a transfer (申请转办) that no supervisor has
 *                            decided yet: neither its acceptance nor its answer is chased meanwhile
 */
record WatchedItem(Kind kind, String id, String ledger, Stage stage, LocalDate dueDate, LocalDate dueSoonFor,
                   LocalDate overdueFor, String level, LocalDate acceptBy, boolean notAcceptedRecorded,
                   LocalDate filedOn, long seq, List<WatchedMilestone> milestones, LocalDate reportBackDue,
                   boolean transferPending) {

    WatchedItem {
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
    }

    /**
     * One milestone as far as its deadline goes: it can still be recorded missed unless it was
     * reported met (a return puts it back) or already recorded missed.
     */
    record WatchedMilestone(String id, LocalDate dueDate, boolean reported, boolean missed) {

        boolean chased() {
            return !reported && !missed;
        }
    }

    enum Kind { TASK, COMPLAINT }

    /** Where the item stands as far as its deadlines go. */
    enum Stage {
        /** A complaint not yet handed to a department: no time limit runs. */
        UNASSIGNED,
        /** A complaint handed to a department that has not signed for it yet. */
        AWAITING_ACCEPTANCE,
        /** Being worked on: an open task, an accepted complaint. */
        IN_HAND,
        /** Nothing more to chase: closed or withdrawn, or a complaint replied to. */
        DONE
    }

    static WatchedItem task(String id, String ledger, LocalDate dueDate, long seq, List<WatchedMilestone> milestones,
                            LocalDate reportBackDue) {
        return new WatchedItem(Kind.TASK, id, ledger, Stage.IN_HAND, dueDate, null, null, null, null, false, null, seq,
                milestones, reportBackDue, false);
    }

    static WatchedItem complaint(String id, long seq, LocalDate reportBackDue) {
        return new WatchedItem(Kind.COMPLAINT, id, null, Stage.UNASSIGNED, null, null, null, null, null, false, null,
                seq, List.of(), reportBackDue, false);
    }

    String key() {
        return kind + ":" + id;
    }

    WatchedItem inStage(Stage next) {
        return new WatchedItem(kind, id, ledger, next, dueDate, dueSoonFor, overdueFor, level, acceptBy,
                notAcceptedRecorded, filedOn, seq, milestones, reportBackDue, transferPending);
    }

    WatchedItem dueOn(LocalDate next) {
        return new WatchedItem(kind, id, ledger, stage, next, dueSoonFor, overdueFor, level, acceptBy,
                notAcceptedRecorded, filedOn, seq, milestones, reportBackDue, transferPending);
    }

    WatchedItem fellDueSoon(LocalDate forDueDate) {
        return new WatchedItem(kind, id, ledger, stage, dueDate, forDueDate, overdueFor, level, acceptBy,
                notAcceptedRecorded, filedOn, seq, milestones, reportBackDue, transferPending);
    }

    WatchedItem wentOverdue(LocalDate forDueDate) {
        return new WatchedItem(kind, id, ledger, stage, dueDate, dueSoonFor, forDueDate, level, acceptBy,
                notAcceptedRecorded, filedOn, seq, milestones, reportBackDue, transferPending);
    }

    WatchedItem escalatedTo(String next) {
        return new WatchedItem(kind, id, ledger, stage, dueDate, dueSoonFor, overdueFor, next, acceptBy,
                notAcceptedRecorded, filedOn, seq, milestones, reportBackDue, transferPending);
    }

    /** Handed to a department (assigned, transferred, reopened): it must accept afresh by {@code limit}. */
    WatchedItem handedOver(LocalDate newDueDate, LocalDate limit) {
        return new WatchedItem(kind, id, ledger, Stage.AWAITING_ACCEPTANCE, newDueDate, dueSoonFor, overdueFor, level,
                limit, false, filedOn, seq, milestones, reportBackDue, false);
    }

    /** Its department asked for a transfer: nothing of its acceptance or answer is chased until a supervisor decides. */
    WatchedItem transferRequested() {
        return new WatchedItem(kind, id, ledger, stage, dueDate, dueSoonFor, overdueFor, level, acceptBy,
                notAcceptedRecorded, filedOn, seq, milestones, reportBackDue, true);
    }

    /**
     * The transfer request was rejected and the department keeps the complaint: chased again, and, not yet accepted nor
     * recorded late, to accept by {@code limit}, counted from the rejection, as the aggregate counts it.
     */
    WatchedItem transferRejected(LocalDate limit) {
        boolean acceptanceAfresh = stage == Stage.AWAITING_ACCEPTANCE && !notAcceptedRecorded;
        return new WatchedItem(kind, id, ledger, stage, dueDate, dueSoonFor, overdueFor, level,
                acceptanceAfresh ? limit : acceptBy, notAcceptedRecorded, filedOn, seq, milestones, reportBackDue,
                false);
    }

    WatchedItem notAccepted() {
        return new WatchedItem(kind, id, ledger, stage, dueDate, dueSoonFor, overdueFor, level, acceptBy, true,
                filedOn, seq, milestones, reportBackDue, transferPending);
    }

    WatchedItem milestonesPlanned(List<WatchedMilestone> planned) {
        List<WatchedMilestone> all = new ArrayList<>(milestones);
        planned.stream().filter(m -> milestones.stream().noneMatch(known -> known.id().equals(m.id())))
                .forEach(all::add);
        return withMilestones(all);
    }

    /** The milestone {@code milestoneId} changed as {@code change} says; others stay. */
    WatchedItem milestone(String milestoneId, UnaryOperator<WatchedMilestone> change) {
        return withMilestones(milestones.stream().map(m -> m.id().equals(milestoneId) ? change.apply(m) : m).toList());
    }

    private WatchedItem withMilestones(List<WatchedMilestone> next) {
        return new WatchedItem(kind, id, ledger, stage, dueDate, dueSoonFor, overdueFor, level, acceptBy,
                notAcceptedRecorded, filedOn, seq, next, reportBackDue, transferPending);
    }

    /** The referral's report-back date chased from now on: {@code null} once reported back, recorded overdue or lapsed. */
    WatchedItem reportBackChased(LocalDate due) {
        return new WatchedItem(kind, id, ledger, stage, dueDate, dueSoonFor, overdueFor, level, acceptBy,
                notAcceptedRecorded, filedOn, seq, milestones, due, transferPending);
    }

    WatchedItem filed(LocalDate date, long nextSeq) {
        return new WatchedItem(kind, id, ledger, stage, dueDate, dueSoonFor, overdueFor, level, acceptBy,
                notAcceptedRecorded, date, nextSeq, milestones, reportBackDue, transferPending);
    }
}
