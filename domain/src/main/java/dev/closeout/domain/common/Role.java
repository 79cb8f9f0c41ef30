package dev.closeout.domain.common;

/** Who is acting. {@code SYSTEM} is the engine itself (automatic escalation, sweeps). */
public enum Role {
    /** 督查办 / 领导小组办公室: registers, approves, returns, withdraws, escalates. */
    SUPERVISOR,
    /** 牵头单位 / 配合单位: claims, reports progress, asks for time and for closure. */
    DEPARTMENT,
    /** Reads everything, changes nothing. */
    AUDITOR,
    /** Dispatch desks, SMS/IM gateways, boards: read alerts only. */
    ALERT_CONSUMER,
    /** Runs the service: reads its metrics and health details, and nothing of the ledgers' items. */
    OPERATOR,
    /** The engine acting on its own rules. */
    SYSTEM
}
