package dev.closeout.domain.complaint;

/** The complainant's rating of a reply (群众满意度), as recorded by a supervisor on a return visit. */
public enum Satisfaction {
    /** 满意 */
    SATISFIED,
    /** 基本满意 */
    BASICALLY_SATISFIED,
    /** 不满意: makes the complaint eligible for 重办 reopening. */
    DISSATISFIED
}
