package dev.closeout.domain.inspection;

/** How a round inspects (督查方式), in the reports' words: "专项督查、暗访督查、实地调研" (004). */
public enum InspectionKind {
    /** 专项督查: a round on one subject, announced. */
    SPECIAL,
    /** 暗访督查: unannounced; the units do not know they are being checked. */
    UNANNOUNCED,
    /** 实地督查/实地调研: on site, at the units' projects and offices. */
    FIELD
}
