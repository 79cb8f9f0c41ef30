package dev.closeout.domain.inspection;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.closeout.domain.inspection.InspectionAction.CLOSE;
import static dev.closeout.domain.inspection.InspectionAction.CONVERT_FINDING;
import static dev.closeout.domain.inspection.InspectionAction.MARK_UNIT_INSPECTED;
import static dev.closeout.domain.inspection.InspectionAction.RECORD_FINDING;

/** Where an inspection round stands, and what each standing allows ({@link #allows}). */
public enum InspectionStatus {
    /** 督查中: the inspectors are out; findings and inspected units are being recorded. */
    OPEN,
    /** 已结束: the fieldwork is over; what was found stands, and its rectification goes on as tasks. */
    CLOSED;

    private static final Map<InspectionStatus, Set<InspectionAction>> ALLOWED = new EnumMap<>(InspectionStatus.class);

    // The lifecycle as a table. A closed round still converts its findings: rectification is
    // often decided at the meeting that reviews a round, after its fieldwork has ended.
    static {
        ALLOWED.put(OPEN, EnumSet.of(RECORD_FINDING, MARK_UNIT_INSPECTED, CONVERT_FINDING, CLOSE));
        ALLOWED.put(CLOSED, EnumSet.of(CONVERT_FINDING));
    }

    /** Whether a round in this status may take {@code action}. */
    public boolean allows(InspectionAction action) {
        return ALLOWED.get(this).contains(action);
    }
}
